using Crawler.Probing.Targets;
using Microsoft.Extensions.Options;

namespace Crawler.Grains.Hosts;

/// <summary>Refuses to start a silo whose address guard names a network or host it cannot read, saying which.</summary>
internal sealed class AddressGuardValidation : IValidateOptions<AddressGuardOptions>
{
    public ValidateOptionsResult Validate(string? name, AddressGuardOptions options)
    {
        try
        {
            _ = new AddressGuard(options);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
