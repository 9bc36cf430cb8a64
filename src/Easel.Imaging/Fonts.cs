namespace Easel.Imaging;

/// <summary>
/// The font files Easel ships (embedded, written once to the temp folder, since fontconfig loads fonts from files):
/// a machine with no fonts installed still sets the sandbox caption in a real typeface.
/// </summary>
internal static class Fonts
{
    private static readonly Lazy<string> SemiBold = new(() => Extract("NotoSans-SemiBold.ttf"));

    /// <summary>Noto Sans SemiBold, Latin subset (SIL Open Font License 1.1, Fonts/OFL.txt).</summary>
    public static string NotoSansSemiBold => SemiBold.Value;

    private static string Extract(string name)
    {
        using var resource = typeof(Fonts).Assembly.GetManifestResourceStream($"Easel.Imaging.Fonts.{name}")
            ?? throw new InvalidOperationException($"the font {name} is not embedded in Easel.Imaging");
        var path = Path.Combine(Path.GetTempPath(), $"easel-{resource.Length}-{name}");
        if (File.Exists(path) && new FileInfo(path).Length == resource.Length)
        {
            return path;
        }
        var partial = path + "." + Guid.NewGuid().ToString("N");
        using (var file = File.Create(partial))
        {
            resource.CopyTo(file);
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
