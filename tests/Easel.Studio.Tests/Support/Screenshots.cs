namespace Easel.Studio.Tests.Support;

/// <summary>Where the tests save their screenshots: <c>artifacts/studio-screenshots</c> at the repository root, which CI keeps.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> s_folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Easel.slnx")))
        {
            dir = dir.Parent;
        }
        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "studio-screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static string PathOf(string name) => Path.Combine(s_folder.Value, $"{name}.png");
}
