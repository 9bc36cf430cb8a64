using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Easel.Server.Accounts;
using Easel.Server.Admin;
using Easel.Server.Dialects.GptImage2Ai;
using Easel.Server.Dialects.OpenAi;
using Easel.Server.Dialects.Unified;
using Easel.Server.Dialects.YyCode;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Easel.Server.OpenApi;

/// <summary>
/// Makes a schema say what its dialect's own serializer writes. The document's schemas come from the app's JSON options
/// (snake_case, as the native, account and admin routes answer), but GPTImage2.ai and YYCode speak camelCase; and a property
/// the serializer leaves out when null or default is not required, though the record's constructor takes it.
/// </summary>
public static class WireSchemas
{
    private static readonly JsonSerializerContext[] Dialects =
        [GptImage2AiJson.Wire, YyCodeJson.Wire, UnifiedJson.Wire, AccountsJson.Wire, AdminJson.Wire, OpenAiJson.Wire];

    public static Task ShapeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Properties is not { Count: > 0 } properties
            || Dialects.Select(d => d.GetTypeInfo(context.JsonTypeInfo.Type)).FirstOrDefault(t => t is not null) is not { } wire)
        {
            return Task.CompletedTask;
        }
        var wireByMember = wire.Properties.Where(p => p.AttributeProvider is MemberInfo).ToDictionary(p => ((MemberInfo)p.AttributeProvider!).Name);
        var byName = context.JsonTypeInfo.Properties
            .Where(p => p.AttributeProvider is MemberInfo m && wireByMember.ContainsKey(m.Name))
            .ToDictionary(p => p.Name, p => wireByMember[((MemberInfo)p.AttributeProvider!).Name]);
        var renamed = properties.ToDictionary(p => byName.TryGetValue(p.Key, out var w) ? w.Name : p.Key, p => p.Value);
        properties.Clear();
        foreach (var (name, value) in renamed)
        {
            properties[name] = value;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            schema.Required = required
                .Where(r => !byName.TryGetValue(r, out var w) || !MayBeLeftOut(w, wire.Options.DefaultIgnoreCondition))
                .Select(r => byName.TryGetValue(r, out var w) ? w.Name : r)
                .ToHashSet();
        }
        return Task.CompletedTask;
    }

    private static bool MayBeLeftOut(JsonPropertyInfo property, JsonIgnoreCondition contextDefault)
    {
        var condition = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().FirstOrDefault()?.Condition ?? contextDefault;
        return condition switch
        {
            JsonIgnoreCondition.WhenWritingDefault => true,
            JsonIgnoreCondition.WhenWritingNull => property.IsGetNullable,
            _ => false,
        };
    }
}
