using Xunit.Abstractions;
using Xunit.Sdk;

namespace Actors.Persistence.Tests.Infrastructure;

/// <summary>
/// A test case whose skip reason depends on the concrete test class (an inherited contract test runs once
/// per backend) and on the environment of the process that runs it.
/// </summary>
public sealed class BackendTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public BackendTestCase()
    {
    }

    public BackendTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        Type testClass = TestMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IPostgresTests).IsAssignableFrom(testClass) && TestPostgres.SkipRequested)
        {
            return "ACTORS_SKIP_POSTGRES=1: PostgreSQL tests skipped on request.";
        }

        return base.GetSkipReason(factAttribute);
    }
}
