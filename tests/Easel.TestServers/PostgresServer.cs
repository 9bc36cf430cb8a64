using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

using static Easel.TestServers.ChildProcesses;

namespace Easel.TestServers;

/// <summary>
/// A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder, listening on 127.0.0.1 on a free
/// port, with durability turned off for speed. It uses Debian's server binaries (installing the <c>postgresql</c>
/// package when they are missing and the process is root) and, since PostgreSQL refuses to run as root, runs as the
/// <c>postgres</c> system user when the test process is root. The server is killed when the process exits.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    const string BinariesRoot = "/usr/lib/postgresql";
    const string SystemUser = "postgres";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly Lazy<Task<PostgresServer>> s_shared = new(() => StartAsync());

    readonly string _binDir;
    readonly string _root;
    readonly string _dataDir;
    readonly string _socketDir;
    readonly bool _asRoot;
    readonly SemaphoreSlim _templateLock = new(1, 1);
    readonly StringBuilder _log = new();
    Process? _process;
    Process? _watchdog;
    int _disposed;

    PostgresServer(string binDir, bool asRoot)
    {
        _binDir = binDir;
        _asRoot = asRoot;
        _root = Path.Combine(TempBase(asRoot), "easel-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _dataDir = Path.Combine(_root, "data");
        _socketDir = Path.Combine(_root, "sock");
        Directory.CreateDirectory(_socketDir);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>One server per test process, started on first use and killed at process exit. Do not dispose it.</summary>
    public static Task<PostgresServer> Shared => s_shared.Value;

    /// <summary>The TCP port on 127.0.0.1 that the server listens on (the same across <see cref="RestartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Creates a fresh cluster and starts a server on it; returns once it accepts connections.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        var binDir = await FindOrInstallBinariesAsync(ct);
        var server = new PostgresServer(binDir, Environment.IsPrivilegedProcess);
        try
        {
            await server.InitAsync(ct);
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort();
                try
                {
                    await server.LaunchAsync(ct);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3 && server.Log.Contains("could not bind", StringComparison.Ordinal))
                {
                    // Another process took the port between FreePort and the bind: try another one.
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SystemUser,
        Database = database,
        Pooling = true,
        MaxPoolSize = 10,
        // Each database has its own pool; let idle connections go soon so that many test databases fit max_connections.
        ConnectionIdleLifetime = 10,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>
    /// Creates a database with a unique name, copied from <paramref name="template"/> (a database name, or a connection
    /// string naming one, such as this method returns) when given, and returns its connection string. Copies are
    /// serialized, and idle pooled connections to the template are closed first, since PostgreSQL refuses to copy a
    /// database that another session is connected to.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? template = null, CancellationToken ct = default)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        if (template is null)
        {
            await ExecuteAsync($"CREATE DATABASE {QuoteIdentifier(name)}", ct);
            return ConnectionString(name);
        }

        var templateName = template.Contains('=', StringComparison.Ordinal)
            ? new NpgsqlConnectionStringBuilder(template).Database ?? throw new ArgumentException("The connection string names no database.", nameof(template))
            : template;
        await _templateLock.WaitAsync(ct);
        try
        {
            ClearPool(ConnectionString(templateName));
            if (template != templateName)
                ClearPool(template);
            await ExecuteAsync($"CREATE DATABASE {QuoteIdentifier(name)} TEMPLATE {QuoteIdentifier(templateName)}", ct);
        }
        finally
        {
            _templateLock.Release();
        }
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown), keeping its data and port, as if PostgreSQL were lost.</summary>
    public Task StopAsync() => StopCoreAsync("fast");

    /// <summary>Stops the server if it runs, then starts it again on the same port and data.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopCoreAsync("fast");
        await LaunchAsync(ct);
    }

    /// <summary>Stops the server at once and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopCoreAsync("immediate");
        DeleteRoot();
        _templateLock.Dispose();
    }

    string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    async Task InitAsync(CancellationToken ct)
    {
        if (_asRoot)
        {
            if ((await RunAsync(new ProcessStartInfo("id") { ArgumentList = { "-u", SystemUser } }, ct)).ExitCode != 0)
            {
                await RunCheckedAsync(new ProcessStartInfo("useradd")
                {
                    ArgumentList = { "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", SystemUser },
                }, ct);
            }
            await RunCheckedAsync(new ProcessStartInfo("chown") { ArgumentList = { "-R", SystemUser + ":", _root } }, ct);
        }
        await RunCheckedAsync(ServerCommand("initdb", "-D", _dataDir, "-U", SystemUser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"), ct);
    }

    async Task LaunchAsync(CancellationToken ct)
    {
        var start = ServerCommand("postgres", "-D", _dataDir,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "port=" + Port.ToString(CultureInfo.InvariantCulture),
            "-c", "unix_socket_directories=" + _socketDir,
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            "-c", "max_connections=300",
            "-c", "shared_buffers=128MB");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var probe = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false, Timeout = 2 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await StopCoreAsync("immediate");
                throw Failure($"exited with code {exitCode.ToString(CultureInfo.InvariantCulture)} while starting");
            }
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct);
                _watchdog = StartWatchdog();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
            {
                if (clock.Elapsed > StartTimeout)
                {
                    await StopCoreAsync("immediate");
                    throw Failure($"did not accept connections within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
                }
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>
    /// A process that kills the server if this process dies without ProcessExit (a crash, a kill, a hung test host),
    /// polling once a second. It is ended whenever the server is stopped, so it never signals a reused process id.
    /// </summary>
    Process StartWatchdog()
    {
        var postmasterPid = File.ReadLines(Path.Combine(_dataDir, "postmaster.pid")).First();
        // $1: this process, $2: the postmaster, $3: the folder. It gives up once the postmaster is gone by itself.
        const string Script = "while kill -0 \"$1\" 2>/dev/null; do kill -0 \"$2\" 2>/dev/null || exit 0; sleep 1; done; "
            + "kill -KILL \"$2\" 2>/dev/null; sleep 1; rm -rf \"$3\"";
        var start = new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", Script, "easel-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), postmasterPid, _root },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the watchdog.");
    }

    async Task StopCoreAsync(string mode)
    {
        if (_watchdog is { } watchdog)
        {
            _watchdog = null;
            Kill(watchdog);
            await watchdog.WaitForExitAsync();
            watchdog.Dispose();
        }
        if (_process is not { } process)
            return;
        _process = null;
        if (!process.HasExited)
            await RunAsync(ServerCommand("pg_ctl", "stop", "-D", _dataDir, "-m", mode, "-w", "-t", "30"), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    void OnProcessExit(object? sender, EventArgs e)
    {
        if (_watchdog is { } watchdog)
            Kill(watchdog);
        if (_process is { } process && !process.HasExited)
        {
            // An immediate shutdown rather than a kill, so that the postmaster reaps its backends: no zombies are left.
            var stop = ServerCommand("pg_ctl", "stop", "-D", _dataDir, "-m", "immediate", "-w", "-t", "5");
            stop.RedirectStandardOutput = true;
            stop.RedirectStandardError = true;
            using (var stopping = Process.Start(stop))
                stopping?.WaitForExit(6000);
            if (!process.WaitForExit(2000))
            {
                Kill(process);
                process.WaitForExit(2000);
            }
        }
        DeleteRoot();
    }

    void DeleteRoot()
    {
        for (var attempt = 1; Directory.Exists(_root); attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100); // a dying backend may still be writing a file
            }
        }
    }

    void AppendLog(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    InvalidOperationException Failure(string what, Exception? inner = null) =>
        new($"PostgreSQL ({_binDir}, port {Port.ToString(CultureInfo.InvariantCulture)}) {what}. Its log:\n{Log}", inner);

    static string TempBase(bool asRoot)
    {
        // On tmpfs initdb and CREATE DATABASE are many times faster (seen on a dev machine: a template copy took 250-350 ms
        // on ext4, 15-40 ms on tmpfs); each database takes ~8 MB of it, so skip a small one such as Docker's 64 MB default.
        const string Shm = "/dev/shm";
        if (Directory.Exists(Shm) && new DriveInfo(Shm).AvailableFreeSpace >= 2L << 30)
            return Shm;
        // As root the folder must be reachable by the postgres user, which a TMPDIR under /root is not; /tmp always is.
        return asRoot ? "/tmp" : Path.GetTempPath();
    }

    /// <summary>A command for one of the server binaries, run as the postgres user when this process is root.</summary>
    ProcessStartInfo ServerCommand(string binary, params string[] arguments)
    {
        var path = Path.Combine(_binDir, binary);
        var start = new ProcessStartInfo(_asRoot ? "runuser" : path) { WorkingDirectory = _root };
        if (_asRoot)
        {
            foreach (var argument in new[] { "-u", SystemUser, "--", path })
                start.ArgumentList.Add(argument);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        // Unpooled: an idle admin connection would count against max_connections and is cheap to open here.
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static Task<string> FindOrInstallBinariesAsync(CancellationToken ct) => DebianPackages.FindOrInstallAsync("postgresql", FindBinaries, ct);

    /// <summary>The bin folder of the highest PostgreSQL version under /usr/lib/postgresql that has the server binaries.</summary>
    static string? FindBinaries()
    {
        if (!Directory.Exists(BinariesRoot))
            return null;
        return Directory.EnumerateDirectories(BinariesRoot)
            .Select(dir => (Bin: Path.Combine(dir, "bin"),
                Version: double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(x => x.Version >= 0 && new[] { "initdb", "postgres", "pg_ctl" }.All(b => File.Exists(Path.Combine(x.Bin, b))))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Bin)
            .FirstOrDefault();
    }
}
