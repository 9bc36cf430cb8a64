using Easel.Core;
using Easel.Engine;
using Easel.Server.Http;

namespace Easel.Server.Dialects.Unified;

/// <summary>
/// <c>GET /api/models</c> (SPEC §14): what each model accepts on the native submit and what an image costs, from the price
/// table submits are priced with, so an operator's prices show here as they are charged.
/// </summary>
public static class UnifiedModels
{
    /// <summary>In the order a client lists them; <c>auto</c> costs what it reserves (SPEC §3).</summary>
    private static readonly Quality[] Offered = [Quality.Low, Quality.Medium, Quality.High, Quality.Auto];

    private static readonly Resolution[] ResolutionsOffered = [Resolution.OneK, Resolution.TwoK, Resolution.FourK];

    public static JsonReply List(TaskService tasks) =>
        UnifiedReplies.Ok(new UnifiedModelList([Describe(GenerationModel.Generate, tasks.Prices), Describe(GenerationModel.Edit, tasks.Prices)]),
            UnifiedJson.Wire.UnifiedEnvelopeUnifiedModelList);

    private static UnifiedModel Describe(GenerationModel model, PriceTable prices) => new(
        model.ToWire(),
        model == GenerationModel.Edit ? "edit" : "generate",
        [.. Offered.Select(q => q.ToWire())],
        [.. ResolutionsOffered.Select(r => r.ToWire())],
        ["auto", .. SizePresets.Ratios],
        CustomSizes: true,
        Offered.ToDictionary(q => q.ToWire(), q => BillingTiers.All.ToDictionary(t => t.ToWire(), t => prices.PerImage(q, t))),
        model == GenerationModel.Edit ? GenerationRules.MaxImageUrls : null);
}
