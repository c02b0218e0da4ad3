/** The one message for a wrong email, a wrong password and a disabled account, so none can be told apart. */
export const INVALID_LOGIN_MESSAGE = 'Wrong email or password.';
