namespace Easel.Engine.Tests.Support;

/// <summary>Holds every call at a gate until the test opens it, then hands it to the real provider; a canceled call ends at once.</summary>
public sealed class HeldProvider(IImageProvider inner) : IImageProvider
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Threading.Channels.Channel<bool> _entered = System.Threading.Channels.Channel.CreateUnbounded<bool>();
    private readonly Lock _lock = new();
    private int _inside;
    private int _mostInside;
    private int _canceled;

    public string Name => inner.Name;

    /// <summary>The most calls that were held at once.</summary>
    public int MostInside
    {
        get
        {
            lock (_lock)
            {
                return _mostInside;
            }
        }
    }

    /// <summary>How many held calls ended by cancellation.</summary>
    public int Canceled => Volatile.Read(ref _canceled);

    public string? CannotServe(GenerationRequest request) => inner.CannotServe(request);

    public void Open() => _gate.TrySetResult();

    /// <summary>Waits (real time) until <paramref name="count"/> more calls have reached the gate.</summary>
    public async Task WaitForCallsAsync(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(EngineRig.Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await _entered.Reader.ReadAsync(timeout.Token);
        }
    }

    public async Task<ProviderOutcome> GenerateAsync(ProviderJob job, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _mostInside = Math.Max(_mostInside, ++_inside);
        }
        _entered.Writer.TryWrite(true);
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _canceled);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _inside--;
            }
        }
        return await inner.GenerateAsync(job, cancellationToken);
    }
}
