using System.Collections;
using System.Reflection;

namespace Easel.Server.Operations;

/// <summary>
/// Names the <c>Easel:</c> settings no options class has a property for (a misspelled section or key), by comparing the
/// configuration's keys with the options classes' properties. They are ignored, so Easel warns rather than refuses.
/// </summary>
public static partial class UnknownSettings
{
    /// <param name="sections">The sections bound on their own (outside <paramref name="root"/>'s type), by name.</param>
    public static IReadOnlyList<string> Find(IConfigurationSection section, Type root, IReadOnlyDictionary<string, Type> sections)
    {
        var unknown = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (sections.TryGetValue(child.Key, out var type))
            {
                Walk(child, type, unknown);
            }
            else if (Property(root, child.Key) is { } property)
            {
                Walk(child, property.PropertyType, unknown);
            }
            else
            {
                unknown.Add(child.Path);
            }
        }
        return unknown;
    }

    public static void Warn(IReadOnlyList<string> unknown, ILogger logger)
    {
        foreach (var path in unknown)
        {
            // The path only: a value may be a secret.
            UnknownSetting(logger, path);
        }
    }

    private static void Walk(IConfigurationSection section, Type type, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsLeaf(type))
        {
            unknown.AddRange(section.GetChildren().Select(c => c.Path));
            return;
        }
        if (ElementOf(type) is { } element)
        {
            foreach (var child in section.GetChildren())
            {
                Walk(child, element, unknown);
            }
            return;
        }
        foreach (var child in section.GetChildren())
        {
            if (Property(type, child.Key) is { } property)
            {
                Walk(child, property.PropertyType, unknown);
            }
            else
            {
                unknown.Add(child.Path);
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
        || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid);

    /// <summary>The element (or value) type of an array, list or dictionary: their keys are the operator's own names.</summary>
    private static Type? ElementOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }
        var interfaces = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).ToList();
        var dictionary = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        var sequence = interfaces.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return dictionary?.GetGenericArguments()[1] ?? sequence?.GetGenericArguments()[0];
    }

    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } p
        && (p.CanWrite || !IsLeaf(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            ? p
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The setting {Setting} is not one Easel knows (misspelled?); it is ignored")]
    private static partial void UnknownSetting(ILogger logger, string setting);
}
