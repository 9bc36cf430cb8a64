using System.Text.RegularExpressions;

namespace Easel.Core;

/// <summary>
/// The model names every dialect accepts (SPEC §13): the two canonical ones, the shipped aliases, dated
/// <c>gpt-image-2-YYYY-MM-DD</c> snapshots, and the aliases configured in <c>Easel:Models:Aliases</c> (a configured empty
/// value removes a shipped alias). An alias names a model that both generates and edits, as OpenAI's and PoYo's do: it
/// resolves to <c>gpt-image-2-edit</c> when the call edits (an edit route, or reference images given).
/// </summary>
public sealed partial class ModelNames
{
    public static IReadOnlyDictionary<string, string> ShippedAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gpt-4o-image"] = GenerationModels.GenerateName,
        ["gpt-image-1"] = GenerationModels.GenerateName,
        ["gpt-image-1.5"] = GenerationModels.GenerateName,
        ["gpt-image-1-mini"] = GenerationModels.GenerateName,
        ["chatgpt-image-latest"] = GenerationModels.GenerateName,
    };

    public static ModelNames Shipped { get; } = new(new Dictionary<string, string>());

    private readonly Dictionary<string, GenerationModel> _aliases;

    /// <param name="configured">Alias → canonical model; an empty value removes a shipped alias. Checked by <see cref="Check"/>.</param>
    public ModelNames(IReadOnlyDictionary<string, string> configured)
    {
        _aliases = new Dictionary<string, GenerationModel>(StringComparer.Ordinal);
        foreach (var (alias, model) in ShippedAliases.Concat(configured))
        {
            if (GenerationModels.TryParse(model, out var target))
            {
                _aliases[alias] = target;
            }
            else
            {
                _aliases.Remove(alias);
            }
        }
        Aliases = [.. _aliases.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every alias in force, sorted (dated snapshots aside).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The 400 for a name that is not accepted; it lists the names that are.</summary>
    public RequestError Unknown(string name) =>
        RequestError.Invalid($"unknown model '{Shown(name)}': use {Accepted}", "model");

    /// <summary>A name as an error message quotes it: at most 64 characters.</summary>
    public static string Shown(string name) => name.Length <= 64 ? name : name[..64] + "…";

    public string Accepted => $"{GenerationModels.GenerateName}, {GenerationModels.EditName}, a dated {GenerationModels.GenerateName}-YYYY-MM-DD or an alias ({string.Join(", ", Aliases)})";

    /// <summary>The model <paramref name="name"/> stands for; <paramref name="edits"/> says whether the call edits images.</summary>
    public bool TryResolve(string? name, bool edits, out GenerationModel model)
    {
        if (GenerationModels.TryParse(name, out model))
        {
            return true;
        }
        if (name is not null && DatedSnapshot().IsMatch(name))
        {
            model = GenerationModel.Generate;
        }
        else if (name is null || !_aliases.TryGetValue(name, out model))
        {
            return false;
        }
        model = edits ? GenerationModel.Edit : model;
        return true;
    }

    /// <summary>What a task keeps as the name sent: null when the client sent none or the resolved model's own name.</summary>
    public static string? Requested(string? sent, GenerationModel resolved) => sent is null || sent == resolved.ToWire() ? null : sent;

    /// <summary>Null when the configured aliases are usable, otherwise why not.</summary>
    public static string? Check(IReadOnlyDictionary<string, string> configured)
    {
        foreach (var (alias, model) in configured)
        {
            if (GenerationModels.TryParse(alias, out _))
            {
                return $"Easel:Models:Aliases:{alias}: {alias} is a model's own name, not an alias";
            }
            if (!string.IsNullOrEmpty(model) && !GenerationModels.TryParse(model, out _))
            {
                return $"Easel:Models:Aliases:{alias} must be {GenerationModels.GenerateName} or {GenerationModels.EditName} (or empty to remove it), not '{model}'";
            }
        }
        return null;
    }

    [GeneratedRegex(@"^gpt-image-2-\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedSnapshot();
}
