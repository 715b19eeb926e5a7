namespace Lumina.Imaging.Vips;

/// <summary>
/// Every libvips call Lumina makes, so that a failure reports the file's own problem. libvips keeps one error
/// buffer for the whole process: with images decoded in parallel, one image's error text could carry another's,
/// or be cleared by it. Calls run side by side; a call that failed runs again alone, and its error is that run's.
/// </summary>
internal static class VipsCalls
{
    private static readonly ReaderWriterLockSlim Gate = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Runs <paramref name="call"/> beside other calls; libvips' failure becomes a <see cref="VipsException"/> naming <paramref name="operation"/>.</summary>
    public static T Shared<T>(string operation, Func<T> call)
    {
        Gate.EnterReadLock();
        try
        {
            return call();
        }
        catch (NetVips.VipsException e)
        {
            throw VipsException.From(operation, e);
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// As <see cref="Shared"/>, but a failure is reproduced while no other call runs, so its message is this call's alone.
    /// <paramref name="call"/> must start from the bytes (a stopped or failed pipeline cannot be read again). A call
    /// stopped through <paramref name="ct"/> is not run again.
    /// </summary>
    public static T OwnErrors<T>(string operation, Func<T> call, CancellationToken ct)
    {
        try
        {
            return Shared(operation, call);
        }
        catch (VipsException) when (!ct.IsCancellationRequested)
        {
            Gate.EnterWriteLock();
            try
            {
                DiscardErrorBuffer();
                return call();
            }
            catch (NetVips.VipsException e)
            {
                throw VipsException.From(operation, e);
            }
            finally
            {
                Gate.ExitWriteLock();
            }
        }
    }

    /// <summary>NetVips' exception reads and clears libvips' error buffer when made: what other images' calls left there goes.</summary>
    private static void DiscardErrorBuffer() => _ = new NetVips.VipsException(string.Empty);
}
