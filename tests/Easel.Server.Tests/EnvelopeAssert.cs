using System.Text.Json;
using Easel.Server.Tests.Support;

namespace Easel.Server.Tests;

/// <summary>Checks the native error envelope (SPEC §4) and that a refused request left the account untouched.</summary>
internal static class EnvelopeAssert
{
    public static void Error(string what, int status, JsonElement body, int expectedStatus, string expectedType, string messageFragment)
    {
        Assert.True(status == expectedStatus, $"[{what}] answered HTTP {status}, expected {expectedStatus}: {body}");
        Assert.True(body.ValueKind == JsonValueKind.Object, $"[{what}] body is not a JSON object: {body}");
        Assert.True(body.TryGetProperty("code", out var code) && code.GetInt32() == expectedStatus, $"[{what}] code differs from HTTP {expectedStatus}: {body}");
        Assert.True(body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object, $"[{what}] no error object: {body}");
        Assert.True(error.TryGetProperty("type", out var type) && type.GetString() == expectedType, $"[{what}] error.type is not {expectedType}: {body}");
        var text = error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "";
        Assert.True(text.Length > 0, $"[{what}] error.message is empty: {body}");
        Assert.True(text.Contains(messageFragment, StringComparison.OrdinalIgnoreCase),
            $"[{what}] error.message \"{text}\" does not mention \"{messageFragment}\"");
        Assert.False(body.TryGetProperty("data", out _), $"[{what}] an error carries data: {body}");
    }

    /// <summary>No task, balance and reserved as granted, and a ledger of the single grant.</summary>
    public static async Task UntouchedAsync(string what, EaselServer server, string accountId, long granted)
    {
        var tasks = await server.TaskCountAsync(accountId);
        Assert.True(tasks == 0, $"[{what}] {tasks} task(s) were created");
        var account = await server.AccountAsync(accountId);
        Assert.True(account.GetProperty("balance").GetInt64() == granted, $"[{what}] balance changed: {account}");
        Assert.True(account.GetProperty("reserved").GetInt64() == 0, $"[{what}] something is reserved: {account}");
        var ledger = (await server.LedgerAsync(accountId)).EnumerateArray().ToList();
        Assert.True(ledger.Count == 1 && ledger[0].GetProperty("kind").GetString() == "grant" && ledger[0].GetProperty("amount").GetInt64() == granted,
            $"[{what}] the ledger holds more than the grant: {JsonSerializer.Serialize(ledger)}");
    }
}
