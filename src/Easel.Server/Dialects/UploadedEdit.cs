using Easel.Core;
using Easel.Engine;
using Easel.Server.Http;
using Easel.Store;

namespace Easel.Server.Dialects;

/// <summary>Submits an edit whose images came in the request body: they are stored first, and forgotten again if the task is refused.</summary>
public static class UploadedEdit
{
    /// <param name="fileBase">Base URL for file links in the task's webhook body.</param>
    public static async Task<Result<TaskRecord>> SubmitAsync(
        TaskService tasks, InputImageStore inputs, Caller caller, string dialect, GenerationRequest request, MultipartForm form,
        IdempotencyLink? idempotency, CancellationToken ct, string? fileBase = null)
    {
        if (form.Images.Count == 0)
        {
            return RequestError.Invalid("at least one image file is required (field image, or image[])", "image") with { Code = "image_required" };
        }
        var saved = await inputs.SaveAsync(caller.AccountId, form.Images, form.Mask, ct);
        if (!saved.IsOk)
        {
            return saved.Error!;
        }
        var uploaded = saved.Value!;
        var submitted = await tasks.SubmitAsync(caller, dialect, request with { InputImages = uploaded.Images, MaskImage = uploaded.Mask }, idempotency, ct, fileBase);
        if (!submitted.IsOk)
        {
            await inputs.DeleteAsync(uploaded, CancellationToken.None);
        }
        return submitted;
    }
}
