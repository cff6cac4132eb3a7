import Testing

/// The parent of every end-to-end suite (each file nests its suite in an extension), so that they
/// run one test at a time. Each waits on child processes on a thread of Swift's concurrency pool,
/// which has one thread per core; side by side on two cores they kept the service's async tests
/// (LifecycleTests) from a thread for minutes, and those tests' deadlines fired.
@Suite(.serialized) struct EndToEnd {}
