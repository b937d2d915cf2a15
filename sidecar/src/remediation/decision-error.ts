// A refused request to the remediation manager, with the HTTP status the routes answer it with and a message that
// says what would make it succeed (which role is needed, who decided first, when the proposal expired).
export class DecisionError extends Error {
  readonly statusCode: 400 | 401 | 403 | 404 | 409 | 502 | 503;

  constructor(statusCode: DecisionError['statusCode'], message: string) {
    super(message);
    this.name = 'DecisionError';
    this.statusCode = statusCode;
  }
}
