import { IsId } from '../../http/id';
import { OccurredAtDto } from './occurred-at.dto';

export class AssignComplaintDto extends OccurredAtDto {
  @IsId()
  agentId!: string;
}
