using Xunit;

namespace ClinicalImaging.Cli.Tests;

/// <summary>
/// clinimg studies' options, refused before anything is sent. Its runs against the real API (listing, reconciling,
/// the archive's refusals) are in the integration tests (Studies/StudiesCommandTests).
/// </summary>
public sealed class StudiesCommandTests
{
    [Theory]
    [InlineData("--server", "archive.test", "--server must be an absolute http or https URL, not 'archive.test'")]
    [InlineData("--api-key", "cik_key", "give a token or an API key, not both")]
    public async Task Bad_connection_options_are_refused_with_exit_code_2(string option, string value, string message)
    {
        string[] server = option == "--server" ? [] : ["--server", "http://archive.test"];

        var (code, error) = await RunAsync(["studies", "reconcile", "1.2.3", "--patient-id", "PID-1", "--token", "t", .. server, option, value]);

        Assert.Equal(2, code);
        Assert.Equal($"error: {message}", error.TrimEnd());
    }

    [Fact]
    public async Task Reconcile_needs_a_patient_id()
    {
        var (code, error) = await RunAsync(["studies", "reconcile", "1.2.3", "--server", "http://archive.test", "--token", "t"]);

        Assert.NotEqual(0, code);
        Assert.Contains("--patient-id", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, error.ToString());
    }
}
