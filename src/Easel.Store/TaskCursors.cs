using System.Text;

namespace Easel.Store;

/// <summary>Validates opaque task-list cursors before they reach a query.</summary>
public static class TaskCursors
{
    public static string? TryDecode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out _) ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
