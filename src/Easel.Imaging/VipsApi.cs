using System.Runtime.InteropServices;

namespace Easel.Imaging;

/// <summary>
/// Function pointers into libvips/GLib. Variadic entry points are called with one trailing
/// NULL pointer argument (all options travel in suffix/option strings), which is valid on x64/arm64 Linux.
/// </summary>
internal sealed unsafe class VipsApi
{
    public delegate* unmanaged<byte*, nuint, int, int, int, int, nint> NewFromMemory;
    public delegate* unmanaged<nint, byte*, void**, nuint*, nint, int> WriteToBuffer;
    public delegate* unmanaged<byte*, nuint, byte*, nint, nint> NewFromBuffer;
    public delegate* unmanaged<nint, nint*, int, nint, int> Colourspace;
    public delegate* unmanaged<nint, nint*, nint, int> AddAlpha;
    public delegate* unmanaged<nint, nint*, nint, int> CastUChar;
    public delegate* unmanaged<nint, nuint*, void*> WriteToMemory;
    public delegate* unmanaged<nint, int> GetWidth;
    public delegate* unmanaged<nint, int> GetHeight;
    public delegate* unmanaged<nint, int> GetBands;
    public delegate* unmanaged<nint, void> GObjectUnref;
    public delegate* unmanaged<void*, void> GFree;
    private delegate* unmanaged<byte*> errorBuffer;
    private delegate* unmanaged<void> errorClear;

    private VipsApi()
    {
    }

    public static VipsApi? TryLoad()
    {
        if (!NativeLibrary.TryLoad("libvips.so.42", out var vips)
            && !NativeLibrary.TryLoad("libvips.42.dylib", out vips)
            && !NativeLibrary.TryLoad("libvips-42.dll", out vips))
        {
            return null;
        }

        try
        {
            NativeLibrary.TryLoad("libgobject-2.0.so.0", out var gobject);
            NativeLibrary.TryLoad("libglib-2.0.so.0", out var glib);
            var init = (delegate* unmanaged<byte*, int>)NativeLibrary.GetExport(vips, "vips_init");
            var cacheSetMax = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(vips, "vips_cache_set_max");
            var api = new VipsApi
            {
                NewFromMemory = (delegate* unmanaged<byte*, nuint, int, int, int, int, nint>)NativeLibrary.GetExport(vips, "vips_image_new_from_memory"),
                WriteToBuffer = (delegate* unmanaged<nint, byte*, void**, nuint*, nint, int>)NativeLibrary.GetExport(vips, "vips_image_write_to_buffer"),
                NewFromBuffer = (delegate* unmanaged<byte*, nuint, byte*, nint, nint>)NativeLibrary.GetExport(vips, "vips_image_new_from_buffer"),
                Colourspace = (delegate* unmanaged<nint, nint*, int, nint, int>)NativeLibrary.GetExport(vips, "vips_colourspace"),
                AddAlpha = (delegate* unmanaged<nint, nint*, nint, int>)NativeLibrary.GetExport(vips, "vips_addalpha"),
                CastUChar = (delegate* unmanaged<nint, nint*, nint, int>)NativeLibrary.GetExport(vips, "vips_cast_uchar"),
                WriteToMemory = (delegate* unmanaged<nint, nuint*, void*>)NativeLibrary.GetExport(vips, "vips_image_write_to_memory"),
                GetWidth = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(vips, "vips_image_get_width"),
                GetHeight = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(vips, "vips_image_get_height"),
                GetBands = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(vips, "vips_image_get_bands"),
                GObjectUnref = (delegate* unmanaged<nint, void>)Export(vips, gobject, "g_object_unref"),
                GFree = (delegate* unmanaged<void*, void>)Export(vips, glib, "g_free"),
                errorBuffer = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(vips, "vips_error_buffer"),
                errorClear = (delegate* unmanaged<void>)NativeLibrary.GetExport(vips, "vips_error_clear"),
            };

            fixed (byte* name = "easel\0"u8)
            {
                if (init(name) != 0)
                {
                    return null;
                }
            }

            // No operation cache: cached operations would keep references to caller-owned pixel buffers.
            cacheSetMax(0);
            return api;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Returns and clears libvips' (process-global) error text.</summary>
    public string TakeError()
    {
        var text = Marshal.PtrToStringUTF8((nint)errorBuffer())?.Trim() ?? string.Empty;
        errorClear();
        return text.Length == 0 ? "unknown libvips error" : text;
    }

    private static nint Export(nint primary, nint fallback, string name) =>
        NativeLibrary.TryGetExport(primary, name, out var address) ? address : NativeLibrary.GetExport(fallback, name);
}
