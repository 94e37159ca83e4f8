/** Builds messaging TwiML with the twilio SDK's own builder (it escapes the text). */
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';

export function messageTwiml(text: string): string {
  const response = new MessagingResponse();
  response.message(text);
  return response.toString();
}
