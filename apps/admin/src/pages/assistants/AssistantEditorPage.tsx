import { Alert, Anchor, Badge, Button, Group, Paper, Tabs, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { assistantsApi, useAssistant, useAssistantMutation } from '../../api/assistants';
import { errorMessage } from '../../api/client';
import type { Assistant } from '../../api/types';
import { ErrorAlert, Loading, PageHeader } from '../../components/states';
import { toAssistantInput, toFormValues, validateForm, type AssistantFormValues } from './assistant-form';
import { GuardrailsTab, InstructionsTab, ModelTab, RepliesTab, TemplateTab, ToolsTab } from './EditorTabs';
import { PlaygroundPanel } from './PlaygroundPanel';
import { VersionsPanel } from './VersionsPanel';

/** Tabs with a field in error get a mark, so an error on a hidden tab is not missed. */
const TAB_FIELDS: Record<string, Array<keyof AssistantFormValues>> = {
  instructions: ['name', 'instructions', 'persona', 'greeting'],
  model: ['seed', 'loraAdapter'],
  tools: ['toolsJson'],
  template: ['templateName', 'templateLanguage'],
};

function Editor({ assistant }: { assistant: Assistant }) {
  const form = useForm<AssistantFormValues>({
    initialValues: toFormValues(assistant),
    validate: validateForm,
    validateInputOnChange: ['toolsJson'],
  });
  const save = useAssistantMutation((values: AssistantFormValues) =>
    assistantsApi.update(assistant.id, toAssistantInput(values)),
  );
  const publish = useAssistantMutation(() => assistantsApi.publish(assistant.id));

  // a rollback or publish elsewhere changes the draft: show it unless the user is mid-edit
  const { setInitialValues, setValues, isDirty } = form;
  useEffect(() => {
    if (isDirty()) return;
    const values = toFormValues(assistant);
    setInitialValues(values);
    setValues(values);
  }, [assistant, setInitialValues, setValues, isDirty]);

  const hasError = (tab: string) => (TAB_FIELDS[tab] ?? []).some((field) => form.errors[field] !== undefined);
  const onSave = form.onSubmit((values) =>
    save.mutate(values, {
      onSuccess: () => {
        form.resetDirty(values);
        notifications.show({ color: 'teal', message: 'Draft saved. Publish to put it live.' });
      },
    }),
  );

  return (
    <form onSubmit={onSave} noValidate>
      <Paper withBorder p="sm" mb="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Text fw={600}>{assistant.name}</Text>
            <Badge variant="light">
              {assistant.publishedVersion ? `Live: v${assistant.publishedVersion}` : 'Not published'}
            </Badge>
            {assistant.hasDraftChanges && <Badge color="orange">Unpublished changes</Badge>}
            {form.isDirty() && <Badge color="gray">Unsaved edits</Badge>}
          </Group>
          <Group gap="xs">
            <Button type="submit" variant="default" loading={save.isPending} disabled={!form.isDirty()}>
              Save draft
            </Button>
            <Button
              loading={publish.isPending}
              disabled={!assistant.hasDraftChanges || form.isDirty()}
              title={form.isDirty() ? 'Save the draft first' : undefined}
              onClick={() =>
                publish.mutate(undefined, {
                  onSuccess: (a) =>
                    notifications.show({ color: 'teal', message: `Published as v${a.publishedVersion}` }),
                })
              }
            >
              Publish
            </Button>
          </Group>
        </Group>
      </Paper>
      {save.isError && <ErrorAlert error={save.error} title="The draft was not saved" />}
      {publish.isError && (
        <Alert color="red" role="alert" mb="md">
          {errorMessage(publish.error)}
        </Alert>
      )}
      <Tabs defaultValue="instructions" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="instructions" color={hasError('instructions') ? 'red' : undefined}>
            Instructions
          </Tabs.Tab>
          <Tabs.Tab value="replies">Handover & fallbacks</Tabs.Tab>
          <Tabs.Tab value="model" color={hasError('model') ? 'red' : undefined}>
            Model
          </Tabs.Tab>
          <Tabs.Tab value="guardrails">Guardrails</Tabs.Tab>
          <Tabs.Tab value="tools" color={hasError('tools') ? 'red' : undefined}>
            Tools
          </Tabs.Tab>
          <Tabs.Tab value="template" color={hasError('template') ? 'red' : undefined}>
            Closed window
          </Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="playground">Playground</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="instructions">
          <InstructionsTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="replies">
          <RepliesTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="model">
          <ModelTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="guardrails">
          <GuardrailsTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="tools">
          <ToolsTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="template">
          <TemplateTab form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionsPanel assistantId={assistant.id} />
        </Tabs.Panel>
        <Tabs.Panel value="playground">
          <PlaygroundPanel assistantId={assistant.id} unsaved={form.isDirty()} />
        </Tabs.Panel>
      </Tabs>
    </form>
  );
}

export function AssistantEditorPage() {
  const { assistantId = '' } = useParams();
  const assistant = useAssistant(assistantId);
  return (
    <>
      <Anchor component={Link} to="/assistants" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Assistants
        </Group>
      </Anchor>
      <PageHeader title={assistant.data?.name ?? 'Assistant'}>
        Edits make a draft; channels keep serving the live version until you publish.
      </PageHeader>
      {assistant.isPending && <Loading />}
      {assistant.isError && <ErrorAlert error={assistant.error} title="This assistant cannot be opened" />}
      {assistant.isSuccess && <Editor assistant={assistant.data} />}
    </>
  );
}
