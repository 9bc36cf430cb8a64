using System.Text.Json;
using System.Text.Json.Serialization;

namespace Easel.Cli;

/// <summary>What <c>easel login</c> stores: the server and the key (and the admin key), in <c>$XDG_CONFIG_HOME/easel/config.json</c> (mode 0600).</summary>
public sealed record CliConfig
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The operator's key for <c>easel admin</c>, stored by <c>easel login --admin</c>.</summary>
    [JsonPropertyName("admin_key")]
    public string? AdminKey { get; init; }

    public static string FilePath
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData) : xdg;
            return Path.Combine(root, "easel", "config.json");
        }
    }

    public static CliConfig Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new CliConfig();
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJson.Default.CliConfig) ?? new CliConfig();
        }
        catch (JsonException)
        {
            throw new UsageException($"{path} is not valid JSON; run easel login again");
        }
    }

    /// <summary>Writes the file so that no one but its owner can ever read the key, not even for a moment.</summary>
    public string Save()
    {
        var path = FilePath;
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, JsonSerializer.Serialize(this, CliJson.Default.CliConfig));
            return path;
        }
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using (var stream = new FileStream(path, options))
        {
            JsonSerializer.Serialize(stream, this, CliJson.Default.CliConfig);
        }
        return path;
    }
}
