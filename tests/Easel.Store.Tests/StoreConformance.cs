namespace Easel.Store.Tests;

/// <summary>
/// The store contract, pinned once and run against every implementation (riverqueue/river's driver suite is the model):
/// each subclass only says how to make a fresh database and open a store on it. Every test gets a fresh, migrated,
/// empty database; <see cref="OpenNode"/> opens another store on the same one, as another node of a cluster would.
/// </summary>
public abstract partial class StoreConformance : IAsyncLifetime
{
    protected static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    /// <summary>Short enough to wait out in a test; the database's clock decides when it has run out.</summary>
    protected static readonly TimeSpan ShortLease = TimeSpan.FromMilliseconds(300);

    private readonly List<IEaselStore> _opened = [];
    private string? _database;

    protected TestClock Clock { get; } = new();

    /// <summary>The test's store, on its own fresh, migrated database.</summary>
    protected IEaselStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How many migration scripts the implementation has.</summary>
    protected abstract int MigrationCount { get; }

    /// <summary>A fresh, empty database (migrated when <paramref name="migrated"/>): what <see cref="OpenStore"/> takes.</summary>
    protected abstract Task<string> CreateDatabaseAsync(bool migrated);

    /// <summary>What <see cref="OpenStore"/> takes for a database that cannot be opened.</summary>
    protected abstract string UnreachableDatabase { get; }

    protected abstract IEaselStore OpenStore(string database, TimeProvider clock);

    protected abstract Task DropDatabaseAsync(string database);

    /// <summary>Runs a query that returns one integer, behind the store's back.</summary>
    protected abstract Task<long> ScalarAsync(string database, string sql);

    /// <summary>Runs a statement behind the store's back; returns the rows it changed.</summary>
    protected abstract Task<int> ExecuteAsync(string database, string sql);

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync(migrated: true);
        Store = Open(_database);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await DisposeStoreAsync(store);
        }
        if (_database is not null)
        {
            await DropDatabaseAsync(_database);
        }
        GC.SuppressFinalize(this);
    }

    private static async Task DisposeStoreAsync(IEaselStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <summary>Another store on the test's database: another node, with its own connections.</summary>
    protected IEaselStore OpenNode() => Open(_database!);

    /// <summary>The test's store and <paramref name="count"/> − 1 other nodes on its database.</summary>
    protected IEaselStore[] Nodes(int count) => [Store, .. Enumerable.Range(1, count - 1).Select(_ => OpenNode())];

    protected IEaselStore Open(string database)
    {
        var store = OpenStore(database, Clock);
        _opened.Add(store);
        return store;
    }

    protected Task<long> ScalarAsync(string sql) => ScalarAsync(_database!, sql);

    protected Task<int> ExecuteAsync(string sql) => ExecuteAsync(_database!, sql);
}
