using Amazon.Runtime;
using Amazon.S3;
using Easel.TestServers;

namespace Easel.Blobs.Tests;

/// <summary>A fresh bucket on the shared s3rver, one per test class, with a store on it.</summary>
public sealed class S3Bucket : IAsyncLifetime
{
    public S3Server Server { get; private set; } = null!;
    public S3BlobStore Store { get; private set; } = null!;
    public AmazonS3Client Client { get; private set; } = null!;
    public string Name { get; } = NewName();

    public static string NewName() => "easel-" + Guid.NewGuid().ToString("N")[..16];

    public S3BlobOptions Options(string bucket) =>
        new(Server.ServiceUrl.ToString(), bucket, Server.Region, Server.AccessKey, Server.SecretKey, ForcePathStyle: true);

    public async ValueTask InitializeAsync()
    {
        Server = await S3Server.Shared;
        Store = new S3BlobStore(Options(Name));
        await Store.EnsureBucketAsync(TestContext.Current.CancellationToken);
        Client = new AmazonS3Client(new BasicAWSCredentials(Server.AccessKey, Server.SecretKey), new AmazonS3Config
        {
            ServiceURL = Server.ServiceUrl.ToString(),
            AuthenticationRegion = Server.Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
