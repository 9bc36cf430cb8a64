using System.Net;
using System.Net.Sockets;

namespace Easel.Engine.Outbound;

/// <summary>Which addresses outbound requests (callbacks, reference downloads) may connect to (SPEC §9).</summary>
public static class AddressPolicy
{
    /// <summary>True for loopback, private, link-local, CGNAT, multicast, unspecified and other non-public ranges, in any IPv4 or IPv6 form.</summary>
    public static bool IsNonPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => true,                                  // "this network", unspecified
                10 => true,                                 // private
                127 => true,                                // loopback
                100 => b[1] is >= 64 and <= 127,            // CGNAT 100.64.0.0/10
                169 => b[1] == 254,                         // link-local (cloud metadata)
                172 => b[1] is >= 16 and <= 31,             // private
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99), // private, IETF, TEST-NET-1, 6to4 relay
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100), // benchmarking, TEST-NET-2
                203 => b[1] == 0 && b[2] == 113,            // TEST-NET-3
                >= 224 => true,                             // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            {
                return true;
            }
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address: judge that one.
            if (b[..12].IndexOfAnyExcept((byte)0) < 0)
            {
                return IsNonPublic(new IPAddress(b[12..]));
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
            {
                return IsNonPublic(new IPAddress(b[12..]));
            }
            if (b[0] == 0x20 && b[1] == 0x02)
            {
                return IsNonPublic(new IPAddress(b[2..6]));
            }
            return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8; // documentation 2001:db8::/32
        }
        return true;
    }
}
