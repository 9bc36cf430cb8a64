using System.Text.Json;

namespace Easel.Server.Tests.Support;

public static class EventStream
{
    /// <summary>The <c>status</c> of every <c>event: status</c> frame of a whole <c>text/event-stream</c> body, in order.</summary>
    public static List<string?> Statuses(string text) => text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        .Where(frame => frame.StartsWith("event: status\n", StringComparison.Ordinal))
        .Select(frame => JsonDocument.Parse(frame.Split("data: ", 2)[1]).RootElement.GetProperty("status").GetString())
        .ToList();
}
