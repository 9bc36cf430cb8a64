using System.Globalization;
using Easel.Core;
using Easel.Store;

namespace Easel.Server.Http;

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters every listing takes.</summary>
public static class PageQuery
{
    public static Result<int> Limit(string? text, int fallback, int max) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 && limit <= max ? limit
        : RequestError.Invalid($"limit must be an integer from 1 to {max}", "limit");

    /// <summary>A ledger cursor: the id of the last entry of the page before.</summary>
    public static Result<long?> IdCursor(string? cursor)
    {
        if (cursor is null)
        {
            return (long?)null;
        }
        return long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : RequestError.Invalid("cursor is not one this API gave out", "cursor");
    }

    public static RequestError? CheckTaskCursor(string? cursor) =>
        cursor is not null && TaskCursors.TryDecode(cursor) is null ? RequestError.Invalid("cursor is not one this API returned", "cursor") : null;
}
