using Easel.Core;

namespace Easel.Core.Tests;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("gpt-image-2", false, GenerationModel.Generate)]
    [InlineData("gpt-image-2", true, GenerationModel.Generate)]
    [InlineData("gpt-image-2-edit", false, GenerationModel.Edit)]
    [InlineData("gpt-4o-image", false, GenerationModel.Generate)]
    [InlineData("gpt-4o-image", true, GenerationModel.Edit)]
    [InlineData("gpt-image-1-mini", false, GenerationModel.Generate)]
    [InlineData("gpt-image-2-2026-04-21", false, GenerationModel.Generate)]
    [InlineData("gpt-image-2-2026-04-21", true, GenerationModel.Edit)]
    public void Canonical_names_stay_as_sent_while_aliases_and_snapshots_follow_the_call(string name, bool edits, GenerationModel expected)
    {
        Assert.True(ModelNames.Shipped.TryResolve(name, edits, out var model));
        Assert.Equal(expected, model);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dall-e-3")]
    [InlineData("GPT-IMAGE-1")]
    [InlineData("gpt-image-2-2026-4-21")]
    [InlineData("gpt-image-2-latest")]
    public void Other_names_are_refused(string? name) => Assert.False(ModelNames.Shipped.TryResolve(name, edits: false, out _));

    [Fact]
    public void Configured_aliases_add_retarget_and_remove()
    {
        var names = new ModelNames(new Dictionary<string, string> { ["painter"] = "gpt-image-2-edit", ["gpt-image-1"] = "", ["gpt-4o-image"] = "gpt-image-2-edit" });

        Assert.True(names.TryResolve("painter", edits: false, out var painter));
        Assert.Equal(GenerationModel.Edit, painter);
        Assert.True(names.TryResolve("gpt-4o-image", edits: false, out var retargeted));
        Assert.Equal(GenerationModel.Edit, retargeted);
        Assert.False(names.TryResolve("gpt-image-1", edits: false, out _));
        Assert.Equal(["chatgpt-image-latest", "gpt-4o-image", "gpt-image-1-mini", "gpt-image-1.5", "painter"], names.Aliases);
    }

    [Fact]
    public void Check_names_the_setting_that_shadows_a_model_or_targets_none()
    {
        Assert.Null(ModelNames.Check(new Dictionary<string, string> { ["a"] = "gpt-image-2", ["b"] = "" }));
        Assert.Contains("Easel:Models:Aliases:gpt-image-2-edit", ModelNames.Check(new Dictionary<string, string> { ["gpt-image-2-edit"] = "gpt-image-2" }), StringComparison.Ordinal);
        Assert.Contains("not 'dall-e-3'", ModelNames.Check(new Dictionary<string, string> { ["x"] = "dall-e-3" }), StringComparison.Ordinal);
    }
}
