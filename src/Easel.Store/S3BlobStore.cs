using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Easel.Core;

namespace Easel.Store;

/// <summary>The <c>Easel__Blobs__S3__*</c> settings (SPEC §13).</summary>
public sealed record S3BlobOptions(string ServiceUrl, string Bucket, string Region, string AccessKey, string SecretKey, bool ForcePathStyle);

/// <summary>
/// Blobs in an S3-compatible bucket. A stream of unknown length goes up in parts of <see cref="PartSize"/> bytes, one
/// buffer at a time, so no more than one part is ever held in memory; a stream that ends within the first part is one PUT.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>Bytes per multipart part (S3 needs at least 5 MiB for every part but the last).</summary>
    public const int PartSize = 8 << 20;

    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3BlobStore(S3BlobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bucket = options.Bucket;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            ForcePathStyle = options.ForcePathStyle,
            // SDK v4 adds CRC checksums (as aws-chunked trailers) to every upload by default, which some S3-compatible
            // servers reject: send and check them only where the operation requires one. Uploads also set
            // UseChunkEncoding = false: s3rver stores aws-chunked frames as the object's bytes (seen with 3.7.1).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>Creates the bucket when it is missing; does nothing when it exists or the key may not look at it.</summary>
    public async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (await BucketExistsAsync(ct))
        {
            return;
        }
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket, UseClientRegion = true }, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyExists")
        {
            // Another node made it first (some S3-compatible servers say "exists" rather than "owned by you"); or it
            // is someone else's, which the key may not use.
            if (!await BucketExistsAsync(ct))
            {
                throw;
            }
        }
    }

    public Task PutAsync(BlobKey key, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        return PutObjectAsync(key.Name, stream, ct);
    }

    public async Task<long> PutAsync(BlobKey key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct);
            if (read < PartSize)
            {
                await PutObjectAsync(key.Name, new MemoryStream(buffer, 0, read, writable: false), ct);
                return read;
            }
            return await PutMultipartAsync(key.Name, content, buffer, ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(BlobKey key, CancellationToken ct)
    {
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key.Name, ct);
            // Disposing the response stream ends the HTTP response; the response object holds nothing else.
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(BlobKey key, CancellationToken ct)
    {
        try
        {
            await _client.DeleteObjectAsync(_bucket, key.Name, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // S3 answers 204 for a missing key; some compatible servers answer 404.
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Uploads the full first part already in <paramref name="buffer"/>, then the rest of <paramref name="content"/>.</summary>
    private async Task<long> PutMultipartAsync(string key, Stream content, byte[] buffer, CancellationToken ct)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, ct);
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            for (var read = PartSize; read > 0; read = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false, ct))
            {
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, read, writable: false),
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                total += read;
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, ct);
            return total;
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
        {
            // Best effort: the original failure matters more, and a bucket lifecycle rule can reap what is left.
        }
    }

    private async Task PutObjectAsync(string key, MemoryStream content, CancellationToken ct)
    {
        await using (content)
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                UseChunkEncoding = false,
            }, ct);
        }
    }

    private async Task<bool> BucketExistsAsync(CancellationToken ct)
    {
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _bucket }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return true; // The key may not look, so it may not create either: take the bucket as given.
        }
    }
}
