package org.stackbox.identity;

/** The scope an auth request asks for, before it is resolved to real ids. */
public sealed interface ScopeRequest {
    /** No scope given: the token is scoped to the user's default project when they have one, else unscoped. */
    record Default() implements ScopeRequest {}

    /** An explicitly unscoped token ({@code "scope": "unscoped"}). */
    record Unscoped() implements ScopeRequest {}

    record Project(Reference project) implements ScopeRequest {}

    record Domain(Reference domain) implements ScopeRequest {}
}
