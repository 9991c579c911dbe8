using FluentValidation;
using FluentValidation.Results;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>
/// Lets a MudForm ask a FluentValidation validator about one field at a time, so each message appears beside its
/// field as the user types; the same validator runs again on the server when the form is saved.
/// </summary>
public sealed class FormValidation<T>(IValidator<T> validator)
{
    private Dictionary<string, string[]> serverErrors = [];

    public Func<object, string, Task<IEnumerable<string>>> ValidateValue => async (model, propertyName) =>
    {
        var result = await validator.ValidateAsync(ValidationContext<T>.CreateWithOptions((T)model, o => o.IncludeProperties(propertyName)));
        var messages = result.IsValid ? [] : result.Errors.Select(e => e.ErrorMessage).ToList();
        if (serverErrors.TryGetValue(propertyName, out var fromServer)) messages.AddRange(fromServer);
        return messages;
    };

    /// <summary>Errors the server found that the form could not know about (a duplicate reference, say).</summary>
    public void SetServerErrors(IEnumerable<ValidationFailure>? errors) =>
        serverErrors = (errors ?? []).GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    public void ClearServerErrors() => serverErrors = [];

    public IEnumerable<string> UnplacedServerErrors(IEnumerable<string> placedProperties) =>
        serverErrors.Where(kv => !placedProperties.Contains(kv.Key)).SelectMany(kv => kv.Value);
}
