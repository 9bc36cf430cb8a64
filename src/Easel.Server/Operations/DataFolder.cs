namespace Easel.Server.Operations;

/// <summary>The data folder (SPEC §13), made and proven writable before anything is opened in it.</summary>
public static class DataFolder
{
    public static void Prepare(string dataDir)
    {
        var probe = Path.Combine(dataDir, $".easel-write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(dataDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"the data folder {dataDir} (Easel:DataDir) cannot be created or written: {e.Message}", e);
        }
    }
}
