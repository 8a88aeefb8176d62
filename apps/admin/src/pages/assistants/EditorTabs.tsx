import { Code, Group, NumberInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { TOOL_EXAMPLE, type AssistantFormValues } from './assistant-form';

type Form = UseFormReturnType<AssistantFormValues>;

export function InstructionsTab({ form }: { form: Form }) {
  return (
    <Stack>
      <TextInput label="Name" required {...form.getInputProps('name')} />
      <Textarea
        label="Instructions"
        description="The system prompt: who the assistant is, what it does and what it must not do."
        autosize
        minRows={6}
        maxRows={20}
        required
        {...form.getInputProps('instructions')}
      />
      <Textarea
        label="Persona"
        description="Tone and name, appended to the instructions."
        autosize
        minRows={2}
        {...form.getInputProps('persona')}
      />
      <Textarea
        label="Greeting"
        description="Sent when a customer writes for the first time (empty: no greeting)."
        autosize
        minRows={2}
        {...form.getInputProps('greeting')}
      />
      <Group>
        <Switch
          label="Answer from the knowledge base"
          {...form.getInputProps('knowledgeEnabled', { type: 'checkbox' })}
        />
        <Switch label="Show citations" {...form.getInputProps('showCitations', { type: 'checkbox' })} />
      </Group>
    </Stack>
  );
}

export function RepliesTab({ form }: { form: Form }) {
  return (
    <Stack>
      <Textarea
        label="Handover phrases"
        description="One per line. A customer message containing one hands the conversation to a person."
        autosize
        minRows={3}
        {...form.getInputProps('handoverPhrases')}
      />
      <Textarea label="Handover message" autosize minRows={2} {...form.getInputProps('handoverMessage')} />
      <Textarea
        label="Opt-out phrases"
        description="One per line. The contact stops receiving automated messages."
        autosize
        minRows={2}
        {...form.getInputProps('optOutPhrases')}
      />
      <Textarea
        label="Opt-out confirmation"
        autosize
        minRows={2}
        {...form.getInputProps('optOutConfirmation')}
      />
      <Textarea
        label="Fallback: media"
        description="For images, audio, video and documents the model cannot read."
        autosize
        {...form.getInputProps('fallbackMedia')}
      />
      <Textarea
        label="Fallback: error"
        description="When the model cannot answer."
        autosize
        {...form.getInputProps('fallbackError')}
      />
      <Textarea
        label="Fallback: quota"
        description="When the daily quota is used up."
        autosize
        {...form.getInputProps('fallbackQuota')}
      />
    </Stack>
  );
}

export function ModelTab({ form }: { form: Form }) {
  return (
    <Stack>
      <Group grow align="flex-start" wrap="wrap">
        <NumberInput
          label="Temperature"
          min={0}
          max={2}
          step={0.1}
          decimalScale={2}
          {...form.getInputProps('temperature')}
        />
        <NumberInput
          label="Top P"
          min={0.01}
          max={1}
          step={0.05}
          decimalScale={2}
          {...form.getInputProps('topP')}
        />
      </Group>
      <Group grow align="flex-start" wrap="wrap">
        <NumberInput label="Max reply tokens" min={1} max={4096} {...form.getInputProps('maxTokens')} />
        <NumberInput
          label="History tokens"
          description="History kept in the prompt"
          min={0}
          max={32768}
          {...form.getInputProps('historyTokens')}
        />
      </Group>
      <NumberInput
        label="Seed"
        description="Empty: random"
        min={0}
        allowDecimal={false}
        {...form.getInputProps('seed')}
      />
      <Textarea
        label="Stop sequences"
        description="One per line (8 at most)"
        autosize
        {...form.getInputProps('stop')}
      />
      <TextInput
        label="LoRA adapter"
        description="Path of a .gguf adapter on the server (empty: none)"
        {...form.getInputProps('loraAdapter')}
      />
    </Stack>
  );
}

export function GuardrailsTab({ form }: { form: Form }) {
  return (
    <Stack>
      <Textarea
        label="Blocked in customer messages"
        description="One word or phrase per line"
        autosize
        minRows={3}
        {...form.getInputProps('inputBlocklist')}
      />
      <Textarea
        label="Blocked in replies"
        description="A reply containing one is replaced with the blocked reply"
        autosize
        minRows={3}
        {...form.getInputProps('outputBlocklist')}
      />
      <Textarea label="Blocked reply" autosize {...form.getInputProps('blockedReply')} />
      <NumberInput
        label="Longest reply (characters)"
        description="Empty: the channel's own limit"
        min={1}
        max={4096}
        allowDecimal={false}
        {...form.getInputProps('maxReplyChars')}
      />
    </Stack>
  );
}

export function ToolsTab({ form }: { form: Form }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Tools the assistant may call over HTTP: a JSON array. <Code>parameters</Code> is the JSON Schema of
        the arguments; <Code>http</Code> says what to call. The JSON is checked as you type.
      </Text>
      <Textarea
        label="Tools (JSON)"
        autosize
        minRows={10}
        maxRows={30}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        {...form.getInputProps('toolsJson')}
      />
      <details>
        <summary>Example</summary>
        <Code block>{TOOL_EXAMPLE}</Code>
      </details>
    </Stack>
  );
}

export function TemplateTab({ form }: { form: Form }) {
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        WhatsApp allows free-form replies only within 24 hours of the customer’s last message. After that,
        only an approved template can be sent. Leave the name empty to send nothing.
      </Text>
      <Group grow align="flex-start" wrap="wrap">
        <TextInput label="Template name" placeholder="follow_up" {...form.getInputProps('templateName')} />
        <TextInput label="Language" placeholder="en_US" {...form.getInputProps('templateLanguage')} />
      </Group>
    </Stack>
  );
}
