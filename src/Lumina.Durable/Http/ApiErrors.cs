using Microsoft.AspNetCore.Http;

namespace Lumina.Durable.Http;

/// <summary>The status code of each client error, with the error's message as body.</summary>
internal static class ApiErrors
{
    public static IResult? For(Exception exception) => exception switch
    {
        InstanceNotFoundException => Error(StatusCodes.Status404NotFound, exception.Message),
        InstanceAlreadyExistsException or RestartRefusedException => Error(StatusCodes.Status409Conflict, exception.Message),
        InstanceFinishedException => Error(StatusCodes.Status410Gone, exception.Message),
        InstanceNotFinishedException => Error(StatusCodes.Status412PreconditionFailed, exception.Message),
        ArgumentException => BadRequest(exception.Message),
        _ => null,
    };

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    private static IResult Error(int status, string message) =>
        TypedResults.Json(new ErrorResponse(message), HttpJson.Options, statusCode: status);

    private sealed record ErrorResponse(string Error);
}
