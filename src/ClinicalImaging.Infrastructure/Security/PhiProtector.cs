using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Encrypts patient data for storage with AES-256-GCM and computes blind indexes (HMAC-SHA256) for equality search.
/// A ciphertext carries the id of its key, so rows written under an old key stay readable after rotation:
/// <c>version(1) | key id length(1) | key id | nonce(12) | tag(16) | ciphertext</c>. The associated data binds the
/// value to its purpose (the column), so a ciphertext copied into another column does not decrypt.
/// </summary>
public sealed class PhiProtector
{
    private const byte FormatVersion = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxKeyIdLength = 32;

    private readonly FrozenDictionary<string, byte[]> _keys;
    private readonly FrozenDictionary<string, byte[]> _blindIndexKeys;

    // Pooled AesGcm objects per key id (one is not thread-safe, so each is lent to one caller at a time): a search
    // decrypting hundreds of values sets a key up once instead of once per value.
    private readonly FrozenDictionary<string, ConcurrentBag<AesGcm>> _ciphers;

    public PhiProtector(PhiProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Keys.Count == 0 || string.IsNullOrEmpty(options.ActiveKeyId))
        {
            throw new InvalidOperationException(
                $"{PhiProtectionOptions.Section} needs ActiveKeyId and Keys (id → base64 256-bit key); `clinimg keys generate` makes one");
        }

        _keys = options.Keys.ToFrozenDictionary(k => ValidKeyId(k.Key), k => DecodeKey(k.Value, $"{PhiProtectionOptions.Section}:Keys:{k.Key}"), StringComparer.Ordinal);
        if (!_keys.ContainsKey(options.ActiveKeyId))
        {
            throw new InvalidOperationException($"{PhiProtectionOptions.Section}:ActiveKeyId '{options.ActiveKeyId}' is not among the configured Keys");
        }

        if (options.OtherBlindIndexKeys.ContainsKey(options.BlindIndexKeyId))
        {
            throw new InvalidOperationException($"{PhiProtectionOptions.Section}:OtherBlindIndexKeys must not hold the active BlindIndexKeyId '{options.BlindIndexKeyId}'");
        }

        _blindIndexKeys = options.OtherBlindIndexKeys
            .Select(k => KeyValuePair.Create(ValidKeyId(k.Key), DecodeKey(k.Value, $"{PhiProtectionOptions.Section}:OtherBlindIndexKeys:{k.Key}")))
            .Append(KeyValuePair.Create(ValidKeyId(options.BlindIndexKeyId), DecodeKey(options.BlindIndexKey, $"{PhiProtectionOptions.Section}:BlindIndexKey")))
            .ToFrozenDictionary(StringComparer.Ordinal);
        if (_keys.Values.Any(k => _blindIndexKeys.Values.Any(b => CryptographicOperations.FixedTimeEquals(k, b))))
        {
            throw new InvalidOperationException($"{PhiProtectionOptions.Section}: every blind index key must differ from every encryption key");
        }

        _ciphers = _keys.Keys.ToFrozenDictionary(id => id, _ => new ConcurrentBag<AesGcm>(), StringComparer.Ordinal);
        BlindIndexKeyId = options.BlindIndexKeyId;
        BlindIndexKeyIds = [BlindIndexKeyId, .. _blindIndexKeys.Keys.Where(id => id != BlindIndexKeyId).Order(StringComparer.Ordinal)];
        ActiveKeyId = options.ActiveKeyId;
    }

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>The blind index key new rows are indexed under; its id is stored with each row.</summary>
    public string BlindIndexKeyId { get; }

    /// <summary>Every configured blind index key id, the active one first: searches match rows under any of them.</summary>
    public IReadOnlyList<string> BlindIndexKeyIds { get; }

    public byte[] Encrypt(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var keyId = Encoding.ASCII.GetBytes(ActiveKeyId);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var headerLength = 2 + keyId.Length;
        var output = new byte[headerLength + NonceSize + TagSize + plain.Length];
        output[0] = FormatVersion;
        output[1] = (byte)keyId.Length;
        keyId.CopyTo(output.AsSpan(2));
        var nonce = output.AsSpan(headerLength, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        var aes = Rent(ActiveKeyId, _keys[ActiveKeyId]);
        aes.Encrypt(nonce, plain, output.AsSpan(headerLength + NonceSize + TagSize), output.AsSpan(headerLength + NonceSize, TagSize),
            AssociatedData(output.AsSpan(0, headerLength), purpose));
        _ciphers[ActiveKeyId].Add(aes);
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    public string Decrypt(byte[] stored, string purpose)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var keyId = KeyIdOf(stored);
        var headerLength = 2 + keyId.Length;
        if (stored.Length < headerLength + NonceSize + TagSize)
        {
            throw new CryptographicException($"Encrypted {purpose} is truncated");
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"Encrypted {purpose} uses key '{keyId}', which is not in {PhiProtectionOptions.Section}:Keys");
        }

        var plain = new byte[stored.Length - headerLength - NonceSize - TagSize];
        var aes = Rent(keyId, key);
        try
        {
            aes.Decrypt(stored.AsSpan(headerLength, NonceSize), stored.AsSpan(headerLength + NonceSize + TagSize), stored.AsSpan(headerLength + NonceSize, TagSize),
                plain, AssociatedData(stored.AsSpan(0, headerLength), purpose));
        }
        finally
        {
            _ciphers[keyId].Add(aes);
        }

        return Encoding.UTF8.GetString(plain);
    }

    public byte[] EncryptDate(DateOnly date, string purpose) => Encrypt(date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), purpose);

    public DateOnly DecryptDate(byte[] stored, string purpose) =>
        DateOnly.ParseExact(Decrypt(stored, purpose), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The key id a stored value was encrypted with (rotation finds rows still on old keys by it).</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < 2 || stored[0] != FormatVersion || stored.Length < 2 + stored[1])
        {
            throw new CryptographicException("Stored value is not in the PHI encryption format");
        }

        return Encoding.ASCII.GetString(stored.Slice(2, stored[1]));
    }

    /// <summary>A keyed hash for equality search under the active blind index key: the same value and purpose always give the same 32 bytes.</summary>
    public byte[] BlindIndex(string value, string purpose) => BlindIndex(value, purpose, BlindIndexKeyId);

    /// <summary>The blind index under the key <paramref name="keyId"/> (one of <see cref="BlindIndexKeyIds"/>).</summary>
    public byte[] BlindIndex(string value, string purpose, string keyId)
    {
        ArgumentNullException.ThrowIfNull(value);
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        // Length-prefixed purpose: ("a", "bc") and ("ab", "c") must not hash alike.
        var input = new byte[4 + purposeBytes.Length + valueBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(input, purposeBytes.Length);
        purposeBytes.CopyTo(input, 4);
        valueBytes.CopyTo(input, 4 + purposeBytes.Length);
        return HMACSHA256.HashData(_blindIndexKeys[keyId], input);
    }

    /// <summary>The value's blind index under every configured key, the active one first: what a row may carry during a rotation.</summary>
    public byte[][] BlindIndexes(string value, string purpose) => BlindIndexKeyIds.Select(id => BlindIndex(value, purpose, id)).ToArray();

    /// <summary>A fresh random 256-bit key in the configuration's base64 form.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySize));

    /// <summary>A pooled AesGcm for the key, or a new one; the caller adds it back to the pool when done.</summary>
    private AesGcm Rent(string keyId, byte[] key) => _ciphers[keyId].TryTake(out var aes) ? aes : new AesGcm(key, TagSize);

    private static byte[] AssociatedData(ReadOnlySpan<byte> header, string purpose)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var data = new byte[header.Length + purposeBytes.Length];
        header.CopyTo(data);
        purposeBytes.CopyTo(data, header.Length);
        return data;
    }

    private static string ValidKeyId(string keyId) =>
        keyId.Length is > 0 and <= MaxKeyIdLength && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? keyId
            : throw new InvalidOperationException($"PHI key id '{keyId}' must be 1-{MaxKeyIdLength} characters of letters, digits, '-', '_' or '.'");

    private static byte[] DecodeKey(string? base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64 ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64");
        }

        return key.Length == KeySize ? key : throw new InvalidOperationException($"{setting} must be {KeySize} bytes (256 bits), base64; it is {key.Length}");
    }
}
