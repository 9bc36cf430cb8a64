namespace Easel.Store.Tests;

public abstract partial class StoreConformance
{
    [Fact]
    public async Task Migrating_again_is_harmless_and_keeps_the_data()
    {
        var account = await NewAccountAsync(balance: 5);

        await Store.MigrateAsync(Ct);
        await OpenNode().MigrateAsync(Ct);

        Assert.Equal(MigrationCount, await ScalarAsync("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(5, (await AccountAsync(account.Id)).Balance);
    }

    [Fact]
    public async Task Stores_migrating_one_fresh_database_together_all_succeed_and_apply_each_script_once()
    {
        var database = await CreateDatabaseAsync(migrated: false);
        try
        {
            var stores = Enumerable.Range(0, 4).Select(_ => Open(database)).ToArray();

            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(Ct))));

            Assert.Equal(MigrationCount, await ScalarAsync(database, "SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(MigrationCount, await ScalarAsync(database, "SELECT COUNT(DISTINCT version) FROM schema_migrations"));
            var account = await stores[3].CreateAccountAsync("after migration", Ct);
            Assert.Equal(account.Id, (await stores[0].GetAccountAsync(account.Id, Ct))!.Id);
        }
        finally
        {
            foreach (var store in _opened.Skip(1).ToList())
            {
                await DisposeStoreAsync(store);
                _opened.Remove(store);
            }
            await DropDatabaseAsync(database);
        }
    }
}
