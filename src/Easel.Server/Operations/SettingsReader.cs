namespace Easel.Server.Operations;

/// <summary>Binds a settings section; a value that does not convert (a word where a number goes) is a start-up error, not a crash.</summary>
public static class SettingsReader
{
    public static T Read<T>(IConfigurationSection section)
        where T : new()
    {
        try
        {
            return section.Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException($"Easel configuration: {e.Message}", e);
        }
    }
}
