using System.Security.Cryptography;
using System.Text;
using Easel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Easel.Server.Http;

/// <summary>A multipart edit request: its text fields, its <c>image</c>/<c>image[]</c> files in order, and its <c>mask</c>.</summary>
public sealed record MultipartForm(IFormCollection Fields, IReadOnlyList<ReadOnlyMemory<byte>> Images, ReadOnlyMemory<byte>? Mask, byte[] Digest)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>Reads a <c>multipart/form-data</c> body of at most <paramref name="maxBytes"/> with ASP.NET Core's form reader.</summary>
    /// <param name="textParts">Parts that are text even when sent as files (curl's <c>-F name=@file</c>): read as fields.</param>
    public static async Task<Result<MultipartForm>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct, IReadOnlyCollection<string>? textParts = null)
    {
        if (request.ContentType is not { } type || !type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return RequestError.Invalid("Content-Type must be multipart/form-data", "Content-Type");
        }
        var tooLarge = new RequestError(ErrorKind.PayloadTooLarge, $"the multipart body must be at most {maxBytes / (1024 * 1024)} MB");
        if (request.ContentLength > maxBytes)
        {
            return tooLarge;
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes, ValueLengthLimit = maxBytes }, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return tooLarge;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return RequestError.Invalid("the multipart/form-data body could not be read");
        }
        if (textParts is not null && form.Files.Any(f => textParts.Contains(f.Name)))
        {
            form = await WithTextFilesAsFieldsAsync(form, textParts, ct);
        }
        var images = new List<ReadOnlyMemory<byte>>();
        foreach (var file in form.Files.Where(f => f.Name is "image" or "image[]"))
        {
            images.Add(await ReadAllAsync(file, ct));
        }
        ReadOnlyMemory<byte>? mask = form.Files.GetFile("mask") is { } maskFile ? await ReadAllAsync(maskFile, ct) : (ReadOnlyMemory<byte>?)null;
        return new MultipartForm(form, images, mask, DigestOf(form, images, mask));
    }

    private static async Task<IFormCollection> WithTextFilesAsFieldsAsync(IFormCollection form, IReadOnlyCollection<string> textParts, CancellationToken ct)
    {
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var files = new FormFileCollection();
        foreach (var file in form.Files)
        {
            if (!textParts.Contains(file.Name))
            {
                files.Add(file);
                continue;
            }
            var text = Encoding.UTF8.GetString((await ReadAllAsync(file, ct)).Span);
            fields[file.Name] = fields.TryGetValue(file.Name, out var earlier) ? StringValues.Concat(earlier, text) : new StringValues(text);
        }
        return new FormCollection(fields, files);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>What identifies the request for <c>Idempotency-Key</c>: its fields and files, not the boundary each client picks.</summary>
    private static byte[] DigestOf(IFormCollection form, IReadOnlyList<ReadOnlyMemory<byte>> images, ReadOnlyMemory<byte>? mask)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, value) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{name}={value}\n"));
        }
        foreach (var image in images)
        {
            sha.AppendData(SHA256.HashData(image.Span));
        }
        sha.AppendData(mask is { } m ? SHA256.HashData(m.Span) : [0]);
        return sha.GetHashAndReset();
    }
}
