namespace Easel.Store;

/// <summary>The kinds of ledger row (SPEC §3).</summary>
public static class LedgerKinds
{
    public const string Grant = "grant";
    public const string Reserve = "reserve";
    public const string Capture = "capture";
    public const string Release = "release";
}
