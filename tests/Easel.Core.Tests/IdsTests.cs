using System.Text;

namespace Easel.Core.Tests;

public class IdsTests
{
    private const string Crockford = "0123456789abcdefghjkmnpqrstvwxyz";

    [Fact]
    public void New_id_starts_with_the_prefix_and_has_26_base32_chars()
    {
        var id = Ids.New("task_");
        Assert.StartsWith("task_", id, StringComparison.Ordinal);
        Assert.Equal(5 + 26, id.Length);
    }

    [Fact]
    public void New_id_uses_only_lowercase_crockford_characters()
    {
        for (var i = 0; i < 200; i++)
        {
            var body = Ids.New("task_")["task_".Length..];
            foreach (var c in body)
            {
                Assert.Contains(c, Crockford);
            }
        }
    }

    [Fact]
    public void New_id_last_char_carries_only_3_bits_of_a_128_bit_value()
    {
        // 128 = 25 * 5 + 3: the 26th char is 3 bits padded with two zero bits.
        const string allowed = "048cgmrw";
        for (var i = 0; i < 200; i++)
        {
            Assert.Contains(Ids.New("x_")[^1], allowed);
        }
    }

    [Fact]
    public void Thousand_new_ids_are_distinct()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            ids.Add(Ids.New("task_"));
        }
        Assert.Equal(1000, ids.Count);
    }

    [Fact]
    public void New_id_with_20_random_bytes_has_32_chars()
    {
        Assert.Equal(3 + 32, Ids.New("sk_", 20).Length);
    }

    [Fact]
    public void Base32_of_nothing_is_empty()
    {
        Assert.Equal("", Ids.Base32([]));
    }

    [Fact]
    public void Base32_of_zero_byte_is_00()
    {
        Assert.Equal("00", Ids.Base32([0x00]));
    }

    [Fact]
    public void Base32_of_ff_is_zw()
    {
        // 11111111 -> 11111 | 111(00) -> 31, 28 -> 'z', 'w'
        Assert.Equal("zw", Ids.Base32([0xFF]));
    }

    [Theory]
    // RFC 4648 vectors (f -> MY, fo -> MZXQ, foobar -> MZXW6YTBOI) with the alphabet mapped to lowercase Crockford.
    [InlineData("f", "cr")]
    [InlineData("fo", "csqg")]
    [InlineData("foobar", "csqpyrk1e8")]
    public void Base32_matches_rfc4648_vectors_in_crockford_alphabet(string text, string expected)
    {
        Assert.Equal(expected, Ids.Base32(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Base32_of_16_ff_bytes_is_25_z_then_w()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        Assert.Equal(new string('z', 25) + "w", Ids.Base32(bytes));
    }

    [Fact]
    public void HashSecret_is_lowercase_sha256_hex()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Ids.HashSecret("abc"));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Ids.HashSecret(""));
    }

    [Fact]
    public void NewSeed_is_non_negative()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(Ids.NewSeed(), 0, int.MaxValue);
        }
    }
}
