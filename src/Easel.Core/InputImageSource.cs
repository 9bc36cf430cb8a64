namespace Easel.Core;

/// <summary>Reads images uploaded with a request (YYCode and OpenAI edits), kept by Easel until the task can no longer need them.</summary>
public interface IInputImageSource
{
    /// <exception cref="ReferenceFetchException">The upload is gone (expired).</exception>
    Task<ReferenceImage> ReadAsync(string inputId, CancellationToken cancellationToken);
}

public static class InputImageSources
{
    /// <summary>For jobs with no uploads.</summary>
    public static IInputImageSource None { get; } = new NoInputs();

    private sealed class NoInputs : IInputImageSource
    {
        public Task<ReferenceImage> ReadAsync(string inputId, CancellationToken cancellationToken) =>
            throw new ReferenceFetchException("this task has no uploaded images");
    }
}
