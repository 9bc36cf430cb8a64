using System.Runtime.CompilerServices;

namespace Easel.Client.Http;

/// <summary>Walks a cursor-paged listing, fetching the next page only when the caller gets that far.</summary>
internal static class Pages
{
    public static async IAsyncEnumerable<T> AllAsync<T>(
        Func<string?, CancellationToken, Task<(IReadOnlyList<T> Items, string? NextCursor)>> page, [EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            var (items, next) = await page(cursor, ct);
            foreach (var item in items)
            {
                yield return item;
            }
            cursor = next;
        }
        while (cursor is not null);
    }

    /// <summary><c>?a=1&amp;b=2</c> from the parameters that are set, escaped.</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var set = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? path : $"{path}?{string.Join('&', set)}";
    }
}
