using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Easel.Server.Operations;

/// <summary>The ways Kestrel refuses to start that are the operator's to fix: a busy or forbidden port, an address it cannot parse.</summary>
public static class ServerStart
{
    public static bool IsRefusal(Exception e) =>
        e is IOException { InnerException: AddressInUseException or SocketException } or FormatException
        || e is InvalidOperationException { InnerException: FormatException or UriFormatException };

    public static string Describe(Exception e) => e.Message.ReplaceLineEndings(" ");
}
