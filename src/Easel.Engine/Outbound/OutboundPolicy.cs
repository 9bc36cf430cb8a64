using System.Net;

namespace Easel.Engine.Outbound;

/// <summary>Which addresses this install lets callbacks and reference downloads connect to: public ones, plus what the operator allows.</summary>
public sealed class OutboundPolicy(SecurityOptions security)
{
    private readonly IPNetwork[] _allowed = security.AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToArray();

    public bool AllowsAll => security.AllowPrivateNetworks;

    public bool Allows(IPAddress address)
    {
        if (AllowsAll || !AddressPolicy.IsNonPublic(address))
        {
            return true;
        }
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowed.Any(n => n.Contains(plain));
    }
}
