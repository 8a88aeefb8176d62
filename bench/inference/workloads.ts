import type { ChatTurn } from '@cria/inference';

export const SYSTEM_PROMPT =
  'You are the assistant of a family bakery in Porto. Answer customers briefly and kindly. ' +
  'Opening hours are eight to seven on weekdays and nine to two on saturday; closed on sunday. ' +
  'We bake sourdough, rye, spelt and gluten free loaves, pastries and birthday cakes to order.';

export const QUESTIONS = [
  'what time do you open on saturday and do you have gluten free bread today',
  'can i order a chocolate birthday cake for twelve people for next friday',
  'do you deliver to the city center and how much does delivery cost',
  'is the spelt loaf made with whole grain flour and does it contain nuts',
];

/**
 * The questions of one run, marked with the run's name: every run evaluates its own prompts (only the
 * system prompt is shared, as with any assistant), so no run profits from another's cached tokens.
 */
export function questionsFor(run: string): string[] {
  return QUESTIONS.map((question) => `(${run}) ${question}`);
}

export function ask(question: string): ChatTurn[] {
  return [{ role: 'user', content: question }];
}

const SENTENCES = [
  'i would like to know more about your bread and the ingredients you use',
  'the sourdough is fermented for two days and baked every morning before we open',
  'could you keep two loaves of rye for me until the evening please',
  'of course we keep orders until closing time and you can pay when you pick them up',
  'my daughter has a birthday next week and she loves strawberries and cream',
  'we can make a sponge cake with fresh strawberries and whipped cream for that day',
];

/** A conversation history whose rendered prompt is about `targetTokens` long (counted with `count`). */
export function longHistory(targetTokens: number, count: (text: string) => number): ChatTurn[] {
  const turns: ChatTurn[] = [];
  let tokens = count(SYSTEM_PROMPT);
  for (let i = 0; tokens < targetTokens; i++) {
    const content = `${SENTENCES[i % SENTENCES.length]} (${i})`;
    turns.push({ role: i % 2 === 0 ? 'user' : 'assistant', content });
    tokens += count(content) + 5;
  }
  if (turns.at(-1)?.role !== 'user') turns.push({ role: 'user', content: 'and what about tomorrow' });
  return turns;
}
