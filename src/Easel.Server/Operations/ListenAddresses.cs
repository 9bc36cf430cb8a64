using Microsoft.AspNetCore.Hosting;

namespace Easel.Server.Operations;

/// <summary>
/// The addresses of <c>--urls</c> (<c>ASPNETCORE_URLS</c>), checked before anything opens: Kestrel reads a port it cannot
/// parse (<c>http://127.0.0.1:80x</c>) as part of a host name and listens on every interface at port 80, and crashes on a
/// port out of range.
/// </summary>
public static class ListenAddresses
{
    public static void Check(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey] ?? "";
        foreach (var address in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Problem(address) is { } problem)
            {
                throw new StartupException($"the listen address '{address}' (--urls or ASPNETCORE_URLS) {problem}", new FormatException(problem));
            }
        }
    }

    private static string? Problem(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return "is not a URL such as http://127.0.0.1:8080";
        }
        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return null;
        }
        if (!parsed.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !parsed.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return "must start with http:// or https://";
        }
        // Kestrel's wildcards are no host names Uri knows.
        var host = parsed.Host is "*" or "+" ? "0.0.0.0" : parsed.Host;
        return Uri.TryCreate($"{parsed.Scheme}://{host}:{parsed.Port}", UriKind.Absolute, out _)
            ? null
            : "has no valid host and port (a port is a number from 0 to 65535)";
    }
}
