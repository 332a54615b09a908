using System.Security.Cryptography;
using System.Text;
using ClinicalImaging.Infrastructure.Security;
using Xunit;

namespace ClinicalImaging.UnitTests.Security;

public sealed class PhiProtectorTests
{
    private static readonly string KeyA = PhiProtector.GenerateKey();
    private static readonly string KeyB = PhiProtector.GenerateKey();
    private static readonly string BlindKey = PhiProtector.GenerateKey();

    [Fact]
    public void Encrypts_with_a_fresh_nonce_each_time_and_decrypts_back()
    {
        var protector = Protector("a", ("a", KeyA));

        var first = protector.Encrypt("Doe^Jane", "patients.patient_name");
        var second = protector.Encrypt("Doe^Jane", "patients.patient_name");

        Assert.NotEqual(first, second);
        Assert.Equal("Doe^Jane", protector.Decrypt(first, "patients.patient_name"));
        Assert.DoesNotContain("Doe", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.Equal("a", PhiProtector.KeyIdOf(first));
    }

    [Fact]
    public void Values_under_an_old_key_stay_readable_after_the_active_key_changes()
    {
        var stored = Protector("a", ("a", KeyA)).Encrypt("PID-42", "patients.patient_id");
        var rotated = Protector("b", ("a", KeyA), ("b", KeyB));

        Assert.Equal("PID-42", rotated.Decrypt(stored, "patients.patient_id"));
        Assert.Equal("b", PhiProtector.KeyIdOf(rotated.Encrypt("PID-42", "patients.patient_id")));
    }

    [Fact]
    public void A_value_whose_key_was_removed_names_the_missing_key()
    {
        var stored = Protector("a", ("a", KeyA)).Encrypt("PID-42", "patients.patient_id");

        var error = Assert.Throws<CryptographicException>(() => Protector("b", ("b", KeyB)).Decrypt(stored, "patients.patient_id"));

        Assert.Contains("key 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_ciphertext_and_a_value_moved_to_another_column_do_not_decrypt()
    {
        var protector = Protector("a", ("a", KeyA));
        var stored = protector.Encrypt("Doe^Jane", "patients.patient_name");
        var tampered = (byte[])stored.Clone();
        tampered[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(tampered, "patients.patient_name"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(stored, "patients.patient_id"));
        // The cipher objects are pooled: one that refused a value decrypts the next one correctly.
        Assert.Equal("Doe^Jane", protector.Decrypt(stored, "patients.patient_name"));
    }

    [Fact]
    public void Concurrent_callers_each_decrypt_their_own_values()
    {
        var protector = Protector("b", ("a", KeyA), ("b", KeyB));
        var old = Protector("a", ("a", KeyA));
        var values = Enumerable.Range(0, 2_000).Select(n => $"PID-{n}").ToArray();
        var stored = values.Select((v, n) => (n % 2 == 0 ? protector : old).Encrypt(v, "patients.patient_id")).ToArray();

        var decrypted = new string[values.Length];
        Parallel.For(0, values.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            n => decrypted[n] = protector.Decrypt(stored[n], "patients.patient_id"));

        Assert.Equal(values, decrypted);
    }

    [Fact]
    public void Blind_index_is_deterministic_per_key_and_purpose_and_independent_of_the_encryption_key()
    {
        var protector = Protector("a", ("a", KeyA));
        var rotated = Protector("b", ("a", KeyA), ("b", KeyB));

        var index = protector.BlindIndex("PID-42", "patients.patient_id");

        Assert.Equal(index, rotated.BlindIndex("PID-42", "patients.patient_id"));
        Assert.Equal(HMACSHA256.HashData(Convert.FromBase64String(BlindKey), (byte[])[0, 0, 0, 19, .. "patients.patient_idPID-42"u8]), index);
        Assert.NotEqual(index, protector.BlindIndex("PID-43", "patients.patient_id"));
        Assert.NotEqual(index, protector.BlindIndex("PID-42", "other.purpose"));
    }

    [Fact]
    public void During_a_blind_index_key_change_values_are_indexed_under_the_active_key_and_matched_under_every_key()
    {
        var nextBlindKey = PhiProtector.GenerateKey();
        var before = Protector("a", ("a", KeyA));
        var during = new PhiProtector(new PhiProtectionOptions
        {
            ActiveKeyId = "a",
            Keys = new() { ["a"] = KeyA },
            BlindIndexKey = nextBlindKey,
            BlindIndexKeyId = "2",
            OtherBlindIndexKeys = new() { ["1"] = BlindKey },
        });

        Assert.Equal(["1"], before.BlindIndexKeyIds);
        Assert.Equal(["2", "1"], during.BlindIndexKeyIds);
        Assert.Equal(HMACSHA256.HashData(Convert.FromBase64String(nextBlindKey), (byte[])[0, 0, 0, 19, .. "patients.patient_idPID-42"u8]), during.BlindIndex("PID-42", "patients.patient_id"));
        Assert.Equal([during.BlindIndex("PID-42", "patients.patient_id"), before.BlindIndex("PID-42", "patients.patient_id")], during.BlindIndexes("PID-42", "patients.patient_id"));
    }

    [Theory]
    [InlineData("missing", "'zzz' is not among the configured Keys")]
    [InlineData("short", "must be 32 bytes")]
    [InlineData("same-as-blind", "must differ")]
    [InlineData("other-blind-same-as-encryption", "must differ")]
    [InlineData("active-blind-also-other", "must not hold the active BlindIndexKeyId")]
    public void A_malformed_keyring_is_refused_with_the_setting_named(string problem, string expected)
    {
        var options = new PhiProtectionOptions { ActiveKeyId = "a", Keys = new() { ["a"] = KeyA }, BlindIndexKey = BlindKey };
        switch (problem)
        {
            case "missing": options.ActiveKeyId = "zzz"; break;
            case "short": options.Keys["a"] = Convert.ToBase64String(new byte[16]); break;
            case "other-blind-same-as-encryption": options.OtherBlindIndexKeys["0"] = KeyA; break;
            case "active-blind-also-other": options.OtherBlindIndexKeys["1"] = PhiProtector.GenerateKey(); break;
            default: options.BlindIndexKey = KeyA; break;
        }

        var error = Assert.Throws<InvalidOperationException>(() => new PhiProtector(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Phi", error.Message, StringComparison.Ordinal);
    }

    private static PhiProtector Protector(string active, params (string Id, string Key)[] keys) => new(new PhiProtectionOptions
    {
        ActiveKeyId = active,
        Keys = keys.ToDictionary(k => k.Id, k => k.Key),
        BlindIndexKey = BlindKey,
    });
}
