using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Studies;
using Xunit;

namespace ClinicalImaging.UnitTests.Domain;

public sealed class DicomUidTests
{
    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.2")]
    [InlineData("2.25.329800735698586629295641978511506172918")]
    [InlineData("0.1")]
    [InlineData("1.2.0.3")]
    public void Accepts_well_formed_UIDs(string value) => Assert.Equal(value, DicomUid.Parse(value, "SOPClassUID").Value);

    [Theory]
    [InlineData("", "StudyInstanceUID is missing")]
    [InlineData("1..2", "StudyInstanceUID has an empty component")]
    [InlineData("1.2.", "StudyInstanceUID has an empty component")]
    [InlineData("1.02.3", "StudyInstanceUID has a component with a leading zero at position 3")]
    [InlineData("1.2.3 ", "StudyInstanceUID contains ' ' at position 6; a UID holds only digits and dots")]
    [InlineData("1.2.x", "StudyInstanceUID contains 'x' at position 5; a UID holds only digits and dots")]
    public void Rejects_malformed_UIDs_saying_what_is_wrong(string value, string message)
    {
        var error = Assert.Throws<DomainException>(() => DicomUid.Parse(value, "StudyInstanceUID"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Rejects_UIDs_longer_than_64_characters()
    {
        var value = "1." + new string('1', 63);

        var error = Assert.Throws<DomainException>(() => DicomUid.Parse(value, "SeriesInstanceUID"));

        Assert.Equal("SeriesInstanceUID is 65 characters long; a UID has at most 64", error.Message);
    }
}
