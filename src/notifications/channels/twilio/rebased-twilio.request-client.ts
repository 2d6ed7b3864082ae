import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/**
 * The Twilio SDK has no base-URL option: it builds `https://api.twilio.com/...` itself. This
 * client rewrites each request's origin to the configured `TWILIO_API_URL` (proxy, edge, or a
 * local double) and keeps the path, query and auth the SDK produced.
 */
export class RebasedTwilioRequestClient extends RequestClient {
  private readonly origin: URL;

  constructor(apiUrl: string, options: RequestClient.RequestClientOptions) {
    super(options);
    this.origin = new URL(apiUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = new URL(opts.uri);
    uri.protocol = this.origin.protocol;
    uri.host = this.origin.host;
    const prefix = this.origin.pathname.replace(/\/+$/, '');
    if (prefix) uri.pathname = prefix + uri.pathname;
    return super.request({ ...opts, uri: uri.toString() });
  }
}
