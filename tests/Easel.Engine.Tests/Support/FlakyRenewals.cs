using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Easel.Engine.Tests.Support;

/// <summary>
/// The real store, except that lease renewals fail, as they would while the database is unreachable, for as long as
/// <see cref="Failing"/> is set. Every renewal's result is reported to <see cref="NextAsync"/>.
/// </summary>
public class FlakyRenewals : DispatchProxy
{
    private readonly System.Threading.Channels.Channel<bool?> _renewals = System.Threading.Channels.Channel.CreateUnbounded<bool?>();
    private IEaselStore _inner = null!;
    private volatile bool _failing;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public static (IEaselStore Store, FlakyRenewals Renewals) Wrap(IEaselStore inner)
    {
        var store = Create<IEaselStore, FlakyRenewals>();
        var renewals = (FlakyRenewals)(object)store;
        renewals._inner = inner;
        return (store, renewals);
    }

    /// <summary>The next renewal's answer; null for one that failed.</summary>
    public async Task<bool?> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(EngineRig.Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await _renewals.Reader.ReadAsync(timeout.Token);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IEaselStore.RenewLeaseAsync))
        {
            return RenewAsync((string)args![0]!, (string)args[1]!, (TimeSpan)args[2]!, (CancellationToken)args[3]!);
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }
    }

    private async Task<bool> RenewAsync(string taskId, string owner, TimeSpan lease, CancellationToken ct)
    {
        if (_failing)
        {
            _renewals.Writer.TryWrite(null);
            throw new TimeoutException("the database did not answer");
        }
        var renewed = await _inner.RenewLeaseAsync(taskId, owner, lease, ct);
        _renewals.Writer.TryWrite(renewed);
        return renewed;
    }
}
