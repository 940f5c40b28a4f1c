package org.stackbox.identity;

import org.stackbox.common.auth.Authenticator;
import org.stackbox.common.auth.Caller;
import org.stackbox.common.ServiceException;
import org.stackbox.common.Ids;
import org.stackbox.identity.model.Domain;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.RoleAssignment.TargetType;
import org.stackbox.identity.model.Token;
import org.stackbox.identity.model.User;
import org.stackbox.identity.store.DomainRepository;
import org.stackbox.identity.store.ProjectRepository;
import org.stackbox.identity.store.RoleRepository;
import org.stackbox.identity.store.TokenRepository;
import org.stackbox.identity.store.UserRepository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Issues, validates and revokes tokens. A token is 32 random bytes; only its SHA-256 is stored, so the database
 * never holds a usable credential. Tokens live for a fixed lifetime; a re-scoped token keeps its parent's expiry.
 */
public final class TokenService implements Authenticator {
    private static final String AUTHENTICATION_REQUIRED = "The request you have made requires authentication.";

    private static final String[][] IMPLIED_ROLES = {{"admin", "manager"}, {"manager", "member"}, {"member", "reader"}};

    private static final Duration CACHE_TIME = Duration.ofSeconds(2);

    private final java.util.concurrent.ConcurrentMap<String, CachedCaller> validated = new java.util.concurrent.ConcurrentHashMap<>();
    private final UserRepository users;
    private final ProjectRepository projects;
    private final DomainRepository domains;
    private final RoleRepository roles;
    private final TokenRepository tokens;
    private final PasswordHasher passwordHasher;
    private final Clock clock;
    private final Duration lifetime;

    public TokenService(UserRepository users, ProjectRepository projects, DomainRepository domains, RoleRepository roles,
                        TokenRepository tokens, PasswordHasher passwordHasher, Clock clock, Duration lifetime) {
        this.users = requireNonNull(users, "users is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.roles = requireNonNull(roles, "roles is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.passwordHasher = requireNonNull(passwordHasher, "passwordHasher is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
    }

    public IssuedToken issueWithPassword(Reference userReference, String password, ScopeRequest scope) {
        User user = findUser(userReference).orElseThrow(() -> ServiceException.unauthenticated(AUTHENTICATION_REQUIRED));
        if (user.passwordHash() == null || !passwordHasher.matches(password, user.passwordHash())) {
            throw ServiceException.unauthenticated(AUTHENTICATION_REQUIRED);
        }
        requireEnabled(user);
        Instant now = now();
        return issue(user, List.of("password"), resolve(user, scope), now, now.plus(lifetime), Ids.hex());
    }

    /** Re-scopes an existing token; the new one keeps the old one's expiry and audit chain. */
    public IssuedToken issueWithToken(String secret, ScopeRequest scope) {
        Token parent = validToken(secret).orElseThrow(() -> ServiceException.unauthenticated(AUTHENTICATION_REQUIRED));
        User user = users.findById(parent.userId()).orElseThrow(() -> ServiceException.unauthenticated(AUTHENTICATION_REQUIRED));
        requireEnabled(user);
        if ((parent.projectId() != null || parent.domainId() != null) && !(scope instanceof ScopeRequest.Default)) {
            // Keystone forbids turning a scoped token into a token with another scope.
            Scope requested = resolve(user, scope);
            Scope current = parent.projectId() != null ? new Scope.ProjectScope(parent.projectId()) : new Scope.DomainScope(parent.domainId());
            if (!requested.equals(current)) {
                throw ServiceException.forbidden("Re-scoping a scoped token to another scope is not allowed.");
            }
        }
        Scope resolved = scope instanceof ScopeRequest.Default && parent.projectId() != null
                ? new Scope.ProjectScope(parent.projectId())
                : scope instanceof ScopeRequest.Default && parent.domainId() != null
                ? new Scope.DomainScope(parent.domainId())
                : resolve(user, scope);
        List<String> methods = parent.methods().contains("token") ? parent.methods()
                : java.util.stream.Stream.concat(parent.methods().stream(), java.util.stream.Stream.of("token")).toList();
        return issue(user, methods, resolved, now(), parent.expiresAt(), parent.auditId());
    }

    /** The token's full view, for {@code GET /v3/auth/tokens}; 404 when it is unknown, expired or revoked. */
    public IssuedToken validate(String secret) {
        Token token = validToken(secret).orElseThrow(() -> ServiceException.notFound("Failed to validate token"));
        return view(null, token).orElseThrow(() -> ServiceException.notFound("Failed to validate token"));
    }

    public void revoke(String secret) {
        Token token = validToken(secret).orElseThrow(() -> ServiceException.notFound("Failed to validate token"));
        tokens.revoke(token.tokenHash());
    }

    /**
     * The caller a token stands for. Validations are cached for a second or two (every API request validates its
     * token, and a cold validation is several queries); any revocation empties the cache at once, so a revoked token
     * is refused immediately. Keystone's own middleware caches validations for minutes.
     */
    @Override
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        String hash = hash(secret.strip());
        long revocations = tokens.revocations();
        Instant now = now();
        CachedCaller cached = validated.get(hash);
        if (cached != null && cached.revocations() == revocations && now.isBefore(cached.until())) {
            return Optional.of(cached.caller());
        }
        Optional<Caller> caller = validToken(secret).flatMap(token -> view(null, token)).map(TokenService::caller);
        if (validated.size() > 10_000) {
            validated.clear();
        }
        caller.ifPresentOrElse(
                found -> validated.put(hash, new CachedCaller(found, revocations, min(now.plus(CACHE_TIME), found.expiresAt()))),
                () -> validated.remove(hash));
        return caller;
    }

    private record CachedCaller(Caller caller, long revocations, Instant until) {}

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }

    private static Caller caller(IssuedToken token) {
        return new Caller(token.user().id(), token.user().name(), token.user().domainId(),
                token.project() == null ? null : token.project().id(),
                token.project() == null ? null : token.project().name(),
                token.scopeDomain() == null ? null : token.scopeDomain().id(),
                token.roles().stream().map(Role::name).collect(Collectors.toSet()),
                token.token().expiresAt());
    }

    private IssuedToken issue(User user, List<String> methods, Scope scope, Instant issuedAt, Instant expiresAt, String auditId) {
        String secret = Ids.secret(32);
        Token token = new Token(hash(secret), user.id(),
                scope instanceof Scope.ProjectScope project ? project.projectId() : null,
                scope instanceof Scope.DomainScope domain ? domain.domainId() : null,
                methods, auditId, issuedAt, expiresAt, false);
        tokens.insert(token);
        tokens.deleteExpiredBefore(issuedAt.minus(Duration.ofDays(1)));
        return view(secret, token).orElseThrow(() -> ServiceException.unauthenticated(AUTHENTICATION_REQUIRED));
    }

    /** Everything a token shows; empty when its user, scope or roles are gone. */
    private Optional<IssuedToken> view(String secret, Token token) {
        Optional<User> user = users.findById(token.userId()).filter(User::enabled);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Domain userDomain = domains.findById(user.get().domainId()).orElseThrow();
        if (token.projectId() != null) {
            Optional<Project> project = projects.findById(token.projectId()).filter(Project::enabled);
            if (project.isEmpty()) {
                return Optional.empty();
            }
            List<Role> held = withImplied(roles.rolesOn(user.get().id(), TargetType.PROJECT, project.get().id()));
            if (held.isEmpty()) {
                return Optional.empty();
            }
            Domain projectDomain = domains.findById(project.get().domainId()).orElseThrow();
            return Optional.of(new IssuedToken(secret, token, user.get(), userDomain, project.get(), projectDomain, null, held));
        }
        if (token.domainId() != null) {
            Optional<Domain> domain = domains.findById(token.domainId()).filter(Domain::enabled);
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            List<Role> held = withImplied(roles.rolesOn(user.get().id(), TargetType.DOMAIN, domain.get().id()));
            if (held.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IssuedToken(secret, token, user.get(), userDomain, null, null, domain.get(), held));
        }
        return Optional.of(new IssuedToken(secret, token, user.get(), userDomain, null, null, null, List.of()));
    }

    /**
     * Keystone's default role chain (as its 2024 bootstrap makes it): admin implies manager, manager implies member,
     * member implies reader; tokens list them all. The table is in that order, so one pass follows the chain.
     */
    private List<Role> withImplied(List<Role> held) {
        java.util.Map<String, Role> all = new java.util.LinkedHashMap<>();
        held.forEach(role -> all.put(role.name(), role));
        for (String[] implication : IMPLIED_ROLES) {
            if (all.containsKey(implication[0]) && !all.containsKey(implication[1])) {
                roles.findByName(implication[1]).ifPresent(role -> all.put(role.name(), role));
            }
        }
        return List.copyOf(all.values());
    }

    private Scope resolve(User user, ScopeRequest request) {
        if (request instanceof ScopeRequest.Project project) {
            Project found = findProject(project.project())
                    .orElseThrow(() -> ServiceException.unauthenticated("Could not find project: %s", describe(project.project())));
            if (!found.enabled()) {
                throw ServiceException.unauthenticated("Project %s is disabled.", found.id());
            }
            if (roles.rolesOn(user.id(), TargetType.PROJECT, found.id()).isEmpty()) {
                throw ServiceException.unauthenticated("User %s has no access to project %s", user.id(), found.id());
            }
            return new Scope.ProjectScope(found.id());
        }
        if (request instanceof ScopeRequest.Domain domain) {
            Domain found = findDomain(domain.domain())
                    .orElseThrow(() -> ServiceException.unauthenticated("Could not find domain: %s", describe(domain.domain())));
            if (roles.rolesOn(user.id(), TargetType.DOMAIN, found.id()).isEmpty()) {
                throw ServiceException.unauthenticated("User %s has no access to domain %s", user.id(), found.id());
            }
            return new Scope.DomainScope(found.id());
        }
        if (request instanceof ScopeRequest.Default) {
            String projectId = user.defaultProjectId();
            boolean usable = projectId != null
                    && projects.findById(projectId).filter(Project::enabled).isPresent()
                    && !roles.rolesOn(user.id(), TargetType.PROJECT, projectId).isEmpty();
            return usable ? new Scope.ProjectScope(projectId) : new Scope.Unscoped();
        }
        return new Scope.Unscoped();
    }

    private Optional<User> findUser(Reference reference) {
        if (reference.id() != null) {
            return users.findById(reference.id());
        }
        if (reference.domain() == null) {
            throw ServiceException.invalid("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        return findDomain(reference.domain()).flatMap(domain -> users.findByName(domain.id(), reference.name()));
    }

    private Optional<Project> findProject(Reference reference) {
        if (reference.id() != null) {
            return projects.findById(reference.id());
        }
        if (reference.domain() == null) {
            throw ServiceException.invalid("Expecting to find domain in project. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.");
        }
        return findDomain(reference.domain()).flatMap(domain -> projects.findByName(domain.id(), reference.name()));
    }

    private Optional<Domain> findDomain(Reference reference) {
        return reference.id() != null ? domains.findById(reference.id()) : domains.findByName(reference.name());
    }

    private static String describe(Reference reference) {
        return reference.id() != null ? reference.id() : reference.name();
    }

    private static void requireEnabled(User user) {
        if (!user.enabled()) {
            throw ServiceException.unauthenticated(AUTHENTICATION_REQUIRED);
        }
    }

    private Optional<Token> validToken(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = now();
        return tokens.findByHash(hash(secret.strip())).filter(token -> token.isValidAt(now));
    }

    /**
     * Now, to the millisecond that the token's row keeps: a token shows the same issued_at and expires_at when it is
     * issued and each time it is validated.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String hash(String secret) {
        try {
            return Ids.toHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
