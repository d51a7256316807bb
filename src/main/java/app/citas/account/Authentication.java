package app.citas.account;

/** What an Authorization header says: anonymous, a live token's caller, or a token that is not (any longer) valid. */
record Authentication(Caller caller, boolean invalidToken) {
    static final Authentication ANONYMOUS = new Authentication(Caller.ANONYMOUS, false);
    static final Authentication INVALID = new Authentication(Caller.ANONYMOUS, true);
}
