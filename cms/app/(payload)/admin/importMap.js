import { RscEntryLexicalCell as RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { RscEntryLexicalField as RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { LexicalDiffComponent as LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { InlineToolbarFeatureClient as InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HorizontalRuleFeatureClient as HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UploadFeatureClient as UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BlockquoteFeatureClient as BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { RelationshipFeatureClient as RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { LinkFeatureClient as LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ChecklistFeatureClient as ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { OrderedListFeatureClient as OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnorderedListFeatureClient as UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { IndentFeatureClient as IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { AlignFeatureClient as AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HeadingFeatureClient as HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ParagraphFeatureClient as ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineCodeFeatureClient as InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SuperscriptFeatureClient as SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SubscriptFeatureClient as SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { StrikethroughFeatureClient as StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnderlineFeatureClient as UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BoldFeatureClient as BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ItalicFeatureClient as ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { TransferButtons as TransferButtons_e024992e95385ac068a82fcec9120f0b } from '../../../admin/TransferButtons'
import { ScheduleNote as ScheduleNote_0ca8dd37db33854c2ec5863d3d56184a } from '../../../admin/ScheduleNote'
import { ScheduleCell as ScheduleCell_0ca8dd37db33854c2ec5863d3d56184a } from '../../../admin/ScheduleNote'
import { WriterListGuard as WriterListGuard_b67c61a8716fb745c3d03de58536cb0a } from '../../../admin/WriterListGuard'
import { WorkflowButtons as WorkflowButtons_9f479358e69fea0b4ccd0d70bf09f5a0 } from '../../../admin/WorkflowButtons'
import { ReviewStatus as ReviewStatus_33ff14d4c850904ce41fb22e012eb0d6 } from '../../../admin/ReviewStatus'
import { NoUnpublishMenuItem as NoUnpublishMenuItem_9f479358e69fea0b4ccd0d70bf09f5a0 } from '../../../admin/WorkflowButtons'
import { DurationCell as DurationCell_5aaaf7be56abd365b5502844734821e5 } from '../../../admin/DurationSeconds'
import { DurationField as DurationField_5aaaf7be56abd365b5502844734821e5 } from '../../../admin/DurationSeconds'
import { SiteHealthNavLink as SiteHealthNavLink_1bd89f97c7381384589994db5082a7ec } from '../../../health/SiteHealthNavLink'
import { WorkQueues as WorkQueues_edb0ad9fb70df39ff73b49b35e119aa7 } from '../../../admin/WorkQueues'
import { ScheduleDrawerWording as ScheduleDrawerWording_8e5b74f06791fc42c526c2ade215d42e } from '../../../admin/ScheduleDrawerWording'
import { SiteHealthView as SiteHealthView_51c74e78bd7f7afc9bf63c7a6d17be61 } from '../../../health/SiteHealthView'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalCell": RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalField": RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#LexicalDiffComponent": LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/client#InlineToolbarFeatureClient": InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HorizontalRuleFeatureClient": HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UploadFeatureClient": UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BlockquoteFeatureClient": BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#RelationshipFeatureClient": RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#LinkFeatureClient": LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ChecklistFeatureClient": ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#OrderedListFeatureClient": OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnorderedListFeatureClient": UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#IndentFeatureClient": IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#AlignFeatureClient": AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HeadingFeatureClient": HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ParagraphFeatureClient": ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineCodeFeatureClient": InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SuperscriptFeatureClient": SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SubscriptFeatureClient": SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#StrikethroughFeatureClient": StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnderlineFeatureClient": UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BoldFeatureClient": BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ItalicFeatureClient": ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "/admin/TransferButtons#TransferButtons": TransferButtons_e024992e95385ac068a82fcec9120f0b,
  "/admin/ScheduleNote#ScheduleNote": ScheduleNote_0ca8dd37db33854c2ec5863d3d56184a,
  "/admin/ScheduleNote#ScheduleCell": ScheduleCell_0ca8dd37db33854c2ec5863d3d56184a,
  "/admin/WriterListGuard#WriterListGuard": WriterListGuard_b67c61a8716fb745c3d03de58536cb0a,
  "/admin/WorkflowButtons#WorkflowButtons": WorkflowButtons_9f479358e69fea0b4ccd0d70bf09f5a0,
  "/admin/ReviewStatus#ReviewStatus": ReviewStatus_33ff14d4c850904ce41fb22e012eb0d6,
  "/admin/WorkflowButtons#NoUnpublishMenuItem": NoUnpublishMenuItem_9f479358e69fea0b4ccd0d70bf09f5a0,
  "/admin/DurationSeconds#DurationCell": DurationCell_5aaaf7be56abd365b5502844734821e5,
  "/admin/DurationSeconds#DurationField": DurationField_5aaaf7be56abd365b5502844734821e5,
  "/health/SiteHealthNavLink#SiteHealthNavLink": SiteHealthNavLink_1bd89f97c7381384589994db5082a7ec,
  "/admin/WorkQueues#WorkQueues": WorkQueues_edb0ad9fb70df39ff73b49b35e119aa7,
  "/admin/ScheduleDrawerWording#ScheduleDrawerWording": ScheduleDrawerWording_8e5b74f06791fc42c526c2ade215d42e,
  "/health/SiteHealthView#SiteHealthView": SiteHealthView_51c74e78bd7f7afc9bf63c7a6d17be61,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
