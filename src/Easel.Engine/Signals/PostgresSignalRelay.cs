using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Easel.Engine.Signals;

/// <summary>
/// Signals between nodes over PostgreSQL <c>LISTEN/NOTIFY</c>: one listening connection per node, and sends batched into
/// one <c>pg_notify</c> round trip. A node ignores its own notifications (it has applied them already). While the
/// connection is down signals are lost, and everyone falls back to polling until it is back.
/// </summary>
public sealed partial class PostgresSignalRelay : BackgroundService, ISignalRelay
{
    public const string ChannelName = "easel_signals";
    private const int MaxBatch = 500;
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly string _node = Core.Ids.New("", 12);
    private readonly string _listenConnectionString;
    private readonly NpgsqlDataSource _sender;
    private readonly Channel<Signal> _outbox = Channel.CreateBounded<Signal>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ILogger<PostgresSignalRelay> _log;

    public PostgresSignalRelay(string connectionString, ILogger<PostgresSignalRelay> log)
    {
        _log = log;
        // Keepalives let a listener that only waits notice a dead connection.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, Pooling = false }.ToString();
        _sender = NpgsqlDataSource.Create(connectionString);
    }

    public event Action<Signal>? Received;

    public void Send(Signal signal) => _outbox.Writer.TryWrite(signal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                LogListening();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListenFailed(e);
                await Task.Delay(Reconnect, CancellationToken.None);
            }
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _outbox.Reader.TryRead(out var signal))
                {
                    batch.Add(string.Create(CultureInfo.InvariantCulture, $"{_node}:{(int)signal.Kind}:{signal.Id}"));
                }
                try
                {
                    await using var notify = _sender.CreateCommand("SELECT pg_notify(@channel, p) FROM unnest(@payloads) AS p");
                    notify.Parameters.AddWithValue("channel", ChannelName);
                    notify.Parameters.AddWithValue("payloads", batch.ToArray());
                    await notify.ExecuteNonQueryAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSendFailed(e, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void OnNotification(string payload)
    {
        var parts = payload.Split(':', 3);
        if (parts.Length == 3 && parts[0] != _node && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((SignalKind)kind))
        {
            Received?.Invoke(new Signal((SignalKind)kind, parts[2]));
        }
    }

    public override void Dispose()
    {
        _sender.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "listening for other nodes' signals")]
    private partial void LogListening();

    [LoggerMessage(Level = LogLevel.Warning, Message = "signal listener lost its connection; polling until it is back")]
    private partial void LogListenFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} signals could not be sent to other nodes")]
    private partial void LogSendFailed(Exception e, int count);
}
