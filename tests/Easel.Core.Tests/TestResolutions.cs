namespace Easel.Core.Tests;

/// <summary>Maps the SPEC's resolution words to the enum without going through the code under test.</summary>
internal static class TestResolutions
{
    public static Resolution Of(string word) => word switch
    {
        "1K" => Resolution.OneK,
        "2K" => Resolution.TwoK,
        "4K" => Resolution.FourK,
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, "not a SPEC resolution"),
    };

    /// <summary>SPEC §2 pixel budgets.</summary>
    public static long Budget(Resolution resolution) => resolution switch
    {
        Resolution.OneK => 1024L * 1024,
        Resolution.TwoK => 2048L * 2048,
        Resolution.FourK => 3840L * 2160,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution)),
    };
}
