package org.stackbox.identity;

/** What a token is scoped to. */
public sealed interface Scope {
    record Unscoped() implements Scope {}

    record ProjectScope(String projectId) implements Scope {}

    record DomainScope(String domainId) implements Scope {}
}
